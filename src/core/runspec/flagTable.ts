// Flags slime's parser reads, bundled for linting when `--help` from the box is not available yet.
// Generated once from THUDM/slime 624b824a8 (slime/utils/arguments.py: every add_argument/reset_arg,
// BooleanOptionalAction giving --no-X too) and from the Megatron and --sglang-* flags that slime's own
// scripts/ and examples/ pass. Megatron-LM and SGLang define many more: a flag missing here is only
// "not known offline", while a flag missing from the box's --help output is an error (flagLint.ts).

/** How a flag takes values: bare (store_true), one value, a list (nargs + / *), or repeated (append). */
export type FlagKind = 'bare' | 'value' | 'list' | 'append';

export interface FlagTable {
  /** Where the table came from, for messages. */
  readonly source: string;
  readonly flags: ReadonlyMap<string, FlagKind>;
  /** Prefixes whose flags are passed through to another parser the table does not cover fully. */
  readonly openPrefixes: readonly string[];
  /** Values a `list` flag takes exactly (argparse nargs=N), e.g. --rampup-batch-size 3. */
  readonly counts?: ReadonlyMap<string, number>;
}

// Space-separated to keep the table readable in review; split once at load.
const SLIME: Record<FlagKind, string> = {
  bare: '--allgather-cp --apply-chat-template --async-save --balance-by-flops --balance-data --calculate-per-token-loss --check-weight-update-equal --ci-disable-kl-checker --ci-test --colocate --debug-rollout-only --debug-train-only --disable-compute-advantages-and-returns --disable-grpo-std-normalization --disable-rewards-normalization --disable-rollout-global-dataset --disable-wandb-random-suffix --enable-mtp-training --freeze-indexer --get-mismatch-metrics --group-rm --keep-old-actor --log-correct-samples --log-multi-turn --log-passrate --mask-offpolicy-in-partial-rollout --no-offload-rollout --no-offload-train --no-save-optim --normalize-advantages --offload --offload-rollout --offload-train --partial-rollout --recompute-loss-function --record-memory-history --release-train --reset-optimizer-states --rollout-shuffle --rollout-skip-special-tokens --skip-eval-before-train --update-weight-disk-keep-files --use-distributed-post --use-dynamic-batch-size --use-fault-tolerance --use-kl-loss --use-opd --use-opsm --use-rollout-entropy --use-rollout-logprobs --use-rollout-routing-replay --use-routing-replay --use-stateless-adam --use-tensorboard --use-tis --use-unbiased-kl --use-wandb --wandb-always-use-train-step',
  value:
    '--actor-num-gpus-per-node --actor-num-nodes --advantage-estimator --apply-chat-template-kwargs --buffer-filter-path --ci-load-grad-norm --ci-save-grad-norm --ci-train-rollout-logprob-abs-diff-threshold --clip-grad --custom-advantage-function-path --custom-config-path --custom-convert-samples-to-train-data-path --custom-eval-rollout-log-function-path --custom-generate-function-path --custom-loss-function-path --custom-megatron-before-log-prob-hook-path --custom-megatron-before-train-step-hook-path --custom-megatron-init-path --custom-model-provider-path --custom-pg-loss-reducer-function-path --custom-reward-post-process-path --custom-rm-path --custom-rollout-log-function-path --custom-tis-function-path --custom-update-weight-post-write-path --data-pad-size-multiplier --data-source-path --distributed-backend --distributed-timeout-minutes --dump-details --dynamic-sampling-filter-path --entropy-coef --eps-clip --eps-clip-c --eps-clip-high --eval-config --eval-function-path --eval-input-key --eval-interval --eval-label-key --eval-max-context-len --eval-max-prompt-len --eval-max-response-len --eval-min-new-tokens --eval-reward-key --eval-temperature --eval-tool-key --eval-top-k --eval-top-p --fetch-trajectory-retry-times --gamma --global-batch-size --hf-checkpoint --http-proxy --input-key --kl-coef --kl-loss-coef --kl-loss-type --label-key --lambd --load --load-debug-rollout-data --load-debug-rollout-data-subsample --load-forge-rollout-data --log-probs-chunk-size --log-probs-max-tokens-per-gpu --log-reward-category --loss-mask-type --loss-type --lr --max-tokens-per-gpu --megatron-config-path --memory-recorder --memory-snapshot-dir --memory-snapshot-num-steps --metadata-key --micro-batch-size --min-batch-collection-ratio --model-name --mtp-loss-scaling-factor --mtp-num-layers --multimodal-keys --n-samples-per-eval-prompt --n-samples-per-prompt --num-critic-only-steps --num-epoch --num-gpus-per-node --num-rollout --num-steps-per-rollout --opd-kl-coef --opd-teacher-ckpt-step --opd-teacher-load --opd-type --opsm-delta --over-sampling-batch-size --padded-vocab-size --prompt-data --qwen-gdn-backend --ref-ckpt-step --ref-load --ref-update-interval --reward-key --rm-type --rm-url --rollout-all-samples-process-path --rollout-batch-size --rollout-buffer-url --rollout-data-postprocess-path --rollout-data-transport --rollout-function-path --rollout-health-check-first-wait --rollout-health-check-interval --rollout-health-check-timeout --rollout-max-context-len --rollout-max-prompt-len --rollout-max-response-len --rollout-num-gpus --rollout-num-gpus-per-engine --rollout-sample-filter-path --rollout-seed --rollout-task-type --rollout-temperature --rollout-top-k --rollout-top-p --save --save-debug-rollout-data --save-debug-train-data --save-hf --save-interval --seed --start-rollout-id --tb-experiment-name --tb-project-name --tis-clip --tis-clip-low --tool-key --train-backend --train-env-vars --update-weight-buffer-size --update-weight-delta-checksum --update-weight-delta-encoding --update-weight-disk-dir --update-weight-local-checkpoint-dir --update-weight-mode --update-weight-transport --update-weights-interval --value-clip --wandb-dir --wandb-group --wandb-host --wandb-key --wandb-mode --wandb-project --wandb-run-id --wandb-team',
  list: '--eval-prompt-data --freeze-params-name-list --megatron-deepgemm-forward-layers --megatron-deepgemm-forward-modules --megatron-deepgemm-moe-forward-layers --megatron-deepgemm-moe-forward-modules --only-train-params-name-list --profile-target --rollout-external-engine-addrs --rollout-stop --rollout-stop-token-ids',
  append: '--rollout-sample-hook-path',
};
const MEGATRON: Record<FlagKind, string> = {
  bare: '--accumulate-allreduce-grads-in-fp32 --add-qkv-bias --apply-layernorm-1p --attention-output-gate --attention-softmax-in-fp32 --bf16 --deterministic-mode --disable-bias-linear --finetune --fp16 --group-query-attention --moe-enable-deepep --moe-grouped-gemm --moe-permute-fusion --moe-router-enable-expert-bias --moe-router-pre-softmax --moe-shared-expert-gate --multi-latent-attention --no-check-for-nan-in-loss-and-grad --no-gradient-accumulation-fusion --no-load-optim --no-load-rng --no-masked-softmax-fusion --no-position-embedding --no-rope-fusion --optimizer-cpu-offload --overlap-cpu-optimizer-d2h-h2d --post-mlp-layernorm --post-self-attn-layernorm --qk-layernorm --rotary-interleaved --sequence-parallel --swiglu --untie-embeddings-and-output-weights --use-checkpoint-opt_param-scheduler --use-distributed-optimizer --use-gated-attention --use-mcore-models --use-precision-aware-optimizer --use-rope-scaling --use-rotary-position-embeddings',
  value:
    '--adam-beta1 --adam-beta2 --adam-eps --attention-backend --attention-dropout --context-parallel-size --decoder-first-pipeline-num-layers --decoder-last-pipeline-num-layers --expert-model-parallel-size --expert-tensor-parallel-size --ffn-hidden-size --fp8-format --fp8-recipe --hidden-dropout --hidden-size --init-method-std --kv-channels --kv-lora-rank --log-interval --lr-decay-iters --lr-decay-style --lr-warmup-fraction --lr-warmup-iters --make-vocab-size-divisible-by --max-position-embeddings --min-lr --moe-ffn-hidden-size --moe-layer-freq --moe-router-bias-update-rate --moe-router-dtype --moe-router-group-topk --moe-router-num-groups --moe-router-score-function --moe-router-topk --moe-router-topk-scaling-factor --moe-shared-expert-intermediate-size --moe-token-dispatcher-type --moe-token-drop-policy --mscale --mscale-all-dim --norm-epsilon --normalization --num-attention-heads --num-experts --num-layers --num-query-groups --optimizer --pipeline-model-parallel-size --position-embedding-type --q-lora-rank --qk-head-dim --qk-pos-emb-head-dim --recompute-granularity --recompute-method --recompute-num-layers --rotary-base --rotary-percent --rotary-scaling-factor --seq-length --tensor-model-parallel-size --tensorboard-dir --transformer-impl --v-head-dim --vocab-size --wandb-exp-name --wandb-save-dir --weight-decay',
  list: '--moe-aux-loss-coeff --moe-router-load-balancing-type --rampup-batch-size',
  append: '',
};
const SGLANG: Record<FlagKind, string> = {
  bare: '--sglang-disable-overlap-schedule --sglang-enable-cache-report --sglang-enable-deterministic-inference --sglang-enable-dp-attention --sglang-enable-dp-lm-head --sglang-enable-metrics --sglang-log-requests',
  value:
    '--sglang-attention-backend --sglang-chat-template --sglang-chunked-prefill-size --sglang-config --sglang-context-length --sglang-cuda-graph-max-bs --sglang-deepep-mode --sglang-disaggregation-ib-device --sglang-disaggregation-transfer-backend --sglang-dp-size --sglang-ep-size --sglang-expert-parallel-size --sglang-kv-cache-dtype --sglang-log-level --sglang-log-requests-level --sglang-mamba-scheduler-strategy --sglang-max-running-requests --sglang-mem-fraction-static --sglang-moe-a2a-backend --sglang-moe-dense-tp-size --sglang-nsa-decode-backend --sglang-nsa-prefill-backend --sglang-page-size --sglang-reasoning-parser --sglang-router-ip --sglang-router-port --sglang-router-request-timeout-secs --sglang-server-concurrency --sglang-speculative-algorithm --sglang-speculative-draft-attention-backend --sglang-speculative-eagle-topk --sglang-speculative-num-draft-tokens --sglang-speculative-num-steps --sglang-tool-call-parser --sglang-watchdog-timeout --prefill-num-servers',
  list: '--sglang-cuda-graph-bs',
  append: '',
};

function load(...groups: Record<FlagKind, string>[]): Map<string, FlagKind> {
  const flags = new Map<string, FlagKind>();
  for (const group of groups)
    for (const kind of ['bare', 'value', 'list', 'append'] as const)
      for (const flag of group[kind].split(' ')) if (flag) flags.set(flag, kind);
  return flags;
}

/** slime's own flags; the rules in lateRules.ts read their values. */
export const SLIME_FLAG_NAMES: ReadonlySet<string> = new Set(load(SLIME).keys());

export const BUNDLED_FLAGS: FlagTable = {
  source: 'the flag table bundled with Rollout Studio (slime 624b824a8)',
  flags: load(SLIME, MEGATRON, SGLANG),
  // SGLang server flags reach slime as --sglang-<flag>, router flags as --router-<flag> (slime.md 1.3).
  openPrefixes: ['--sglang-', '--router-'],
  // Megatron's "<start batch size> <increment> <ramp-up samples>".
  counts: new Map([['--rampup-batch-size', 3]]),
};

/**
 * Flags train.py reads that its --help never prints: slime's _pre_parse_mode parses the first four
 * with a parser of its own before the main one, and --prefill-num-servers belongs to the SGLang
 * parser (add_help=False) without the --sglang- prefix.
 */
export const FLAGS_MISSING_FROM_HELP: readonly string[] = [
  '--debug-rollout-only',
  '--debug-train-only',
  '--load-debug-rollout-data',
  '--train-backend',
  '--prefill-num-servers',
];
