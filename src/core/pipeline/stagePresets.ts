import { MISC, PRESETS, QWEN3_4B_INSTRUCT_2507, TAU2_OUT } from '../runspec/presets';
import type { RunSpecInput } from '../runspec/runSpec';

// The stages' starting specs, from the cookbook's scripts (THUDM/slime PR #1156,
// examples/tau-bench/tau2/run_sft.sh and run_grpo.sh) and its rejection-sampling recipe
// (training_cookbook.md, "Stage 2"). As with the GRPO preset, the scripts' cleanup (`pkill -9 sglang`,
// `ray stop --force`) is left out: a run stops only what it started.

/** run_sft.sh: slime's SFT rollout function over a chat dataset, trained with sft_loss only. */
export const SFT_STAGE_SPEC: RunSpecInput = {
  name: 'tau2-sft-qwen3-4b',
  box: 'local',
  workdir: '/root/slime',
  entry: 'train_async.py',
  python: 'python3',
  ray: { mode: 'head', numGpus: 4 },
  // The SFT rollout function returns the dataset's own chats with reward 0: nothing to stream.
  tap: false,
  env: {
    PYTHONUNBUFFERED: '1',
    PYTHONPATH: '/root/Megatron-LM:/root/slime/examples/tau-bench/tau2:/root/slime',
    CUDA_DEVICE_MAX_CONNECTIONS: '1',
  },
  secretEnv: [],
  args: {
    '--debug-train-only': true,
    '--actor-num-nodes': 1,
    '--actor-num-gpus-per-node': 4,
    ...QWEN3_4B_INSTRUCT_2507,
    '--hf-checkpoint': `${TAU2_OUT}/models/Qwen3-4B-Instruct-2507`,
    '--load': `${TAU2_OUT}/models/Qwen3-4B-Instruct-2507_torch_dist`,
    '--save': `${TAU2_OUT}/tau2/checkpoints/Qwen3-4B-tau2-sft1`,
    '--save-interval': 50,
    '--prompt-data': `${TAU2_OUT}/tau2/data/sft1/seed_sft_v3.jsonl`,
    '--input-key': 'prompt',
    '--apply-chat-template': true,
    '--loss-mask-type': 'qwen3',
    '--loss-type': 'sft_loss',
    '--calculate-per-token-loss': true,
    '--disable-compute-advantages-and-returns': true,
    '--rollout-function-path': 'slime.rollout.sft_rollout.generate_rollout',
    '--num-epoch': 2,
    '--rollout-batch-size': 16,
    '--n-samples-per-prompt': 1,
    '--rollout-shuffle': true,
    '--rollout-max-response-len': 4096,
    '--global-batch-size': 16,
    '--tensor-model-parallel-size': 2,
    '--sequence-parallel': true,
    '--pipeline-model-parallel-size': 1,
    '--use-dynamic-batch-size': true,
    '--max-tokens-per-gpu': 12288,
    '--recompute-granularity': 'full',
    '--recompute-method': 'uniform',
    '--recompute-num-layers': 1,
    '--optimizer': 'adam',
    '--lr': '1e-5',
    '--lr-decay-style': 'cosine',
    '--lr-warmup-fraction': 0.05,
    '--weight-decay': 0.01,
    '--adam-beta1': 0.9,
    '--adam-beta2': 0.98,
    ...MISC,
  },
};

const GRPO = PRESETS.find((p) => p.id === 'tau2-qwen3-4b-grpo');
if (!GRPO) throw new Error('The tau2 GRPO preset is missing.');
/** The GRPO stage starts from the cookbook's GRPO preset, the one Start GRPO Run offers. */
export const GRPO_STAGE_SPEC: RunSpecInput = GRPO.spec;

// Flags of the GRPO script that only matter when Megatron trains and saves (slime checks --use-kl-loss
// against --ref-load even without training), and its rollout count, which one pass over the tasks replaces.
const NOT_SAMPLING = [
  '--ref-load',
  '--load',
  '--no-load-optim',
  '--save',
  '--save-interval',
  '--use-kl-loss',
  '--kl-loss-coef',
  '--kl-loss-type',
  '--num-rollout',
];

/**
 * Rejection sampling: the GRPO script's rollout (rollout.generate against the user simulator, reward
 * post-processing that records partial_score) with --debug-rollout-only, so SGLang serves the SFT
 * checkpoint's Hugging Face export as it is and nothing trains; 4 attempts per task at temperature 0.8
 * (the cookbook samples 4-8). The tap records every attempt; the filter reads them from rollouts.jsonl.
 */
export const RFT_STAGE_SPEC: RunSpecInput = {
  ...GRPO.spec,
  name: 'tau2-rft-sampling-qwen3-4b',
  tap: true,
  args: {
    ...Object.fromEntries(Object.entries(GRPO.spec.args ?? {}).filter(([f]) => !NOT_SAMPLING.includes(f))),
    '--debug-rollout-only': true,
    '--num-epoch': 1,
    '--n-samples-per-prompt': 4,
    '--rollout-temperature': 0.8,
  },
};
