import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importLaunchScript } from '../../../src/core/runspec/importScript';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';

const dir = join(__dirname, 'fixtures');
const script = readFileSync(join(dir, 'run_grpo_like.sh'), 'utf8');
const scriptPath = '/root/slime/examples/demo/run_grpo_like.sh';
const readSourced = (p: string) =>
  p === '/root/slime/examples/demo/models/small-model.sh'
    ? readFileSync(join(dir, 'models/small-model.sh'), 'utf8')
    : undefined;

describe('importLaunchScript', () => {
  const { spec, problems } = importLaunchScript(script, scriptPath, { readSourced });
  const parsed = RunSpecSchema.parse(spec);

  test('arrays, sourced model args and defaults expand into the flag map in command order', () => {
    expect(Object.keys(parsed.args).slice(0, 8)).toEqual([
      '--actor-num-nodes',
      '--actor-num-gpus-per-node',
      '--colocate',
      '--swiglu',
      '--num-layers',
      '--hidden-size',
      '--normalization',
      '--rotary-base',
    ]);
    expect(parsed.args['--actor-num-gpus-per-node']).toBe(4);
    expect(parsed.args['--colocate']).toBe(true);
    expect(parsed.args['--normalization']).toBe('RMSNorm');
    expect(parsed.args['--rotary-base']).toBe(10000);
    expect(parsed.args['--hf-checkpoint']).toBe('/root/slime/examples/demo/outputs/hf');
    expect(parsed.args['--rollout-temperature']).toBe(0.7);
    expect(parsed.args['--eval-prompt-data']).toEqual(['dev', '/root/slime/examples/demo/outputs/dev.jsonl']);
    // An append flag given twice keeps both values.
    expect(parsed.args['--rollout-sample-hook-path']).toEqual(['my_hooks.first', 'my_hooks.second']);
    // `[ -n "${WANDB_API_KEY:-}" ]`: the key is a secret the run gets from secret storage, so it is set.
    expect(parsed.args['--use-wandb']).toBe(true);
    expect(parsed.args['--wandb-project']).toBe('demo');
  });

  test('the Ray head, the runtime env and the exported variables become ray/env; secrets only by name', () => {
    expect(parsed.ray).toEqual({ mode: 'head', numGpus: 4 });
    expect(parsed.env).toMatchObject({
      PYTHONUNBUFFERED: '1',
      MY_USER_SIM_URL: 'http://127.0.0.1:30001/v1',
      PYTHONPATH: '/opt/Megatron-LM:/root/slime/examples/demo',
      CUDA_DEVICE_MAX_CONNECTIONS: '1',
    });
    expect(parsed.env.WANDB_API_KEY).toBeUndefined();
    expect(parsed.secretEnv).toEqual(['WANDB_API_KEY']);
    expect(parsed.entry).toBe('train.py');
    expect(parsed.name).toBe('run_grpo_like');
  });

  test('reports the destructive cleanup it skipped, the conditional and the guessed workdir', () => {
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^5: Skipped `pkill -9 sglang`/));
    expect(messages).toContainEqual(expect.stringMatching(/^6: Skipped `ray stop --force`/));
    expect(messages).toContainEqual(expect.stringMatching(/WANDB_API_KEY look like secrets/));
    expect(messages).toContainEqual(expect.stringMatching(/set `workdir`/));
  });

  test('an unreadable sourced file and a command substitution are reported, never run', () => {
    const text =
      'source ./missing.sh\nX="$(whoami)"\npython3 train.py --hf-checkpoint "/m/$X" ${MODEL_ARGS[@]}\n';
    const r = importLaunchScript(text, '/w/run.sh');
    expect(r.problems.map((p) => p.line)).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(r.problems.find((p) => p.line === 1)?.message).toMatch(
      /Could not read sourced file \.\/missing\.sh/,
    );
    expect(r.problems.find((p) => p.line === 2)?.message).toMatch(/\$\(whoami\) is a command substitution/);
    expect(r.problems.find((p) => p.line === 3)?.message).toMatch(/\$MODEL_ARGS is not set/);
    expect(r.spec.args).toEqual({ '--hf-checkpoint': '/m/' });
    expect(r.spec.ray).toEqual({ mode: 'direct' });
  });

  test('quoting: single quotes keep $ literally, escaped newlines join, --flag=value splits', () => {
    const text = 'python3 train_async.py --a \'$HOME x\' \\\n  --b="q\\"uote" --c 1e-6 --d 0.00 --e -1\n';
    const r = importLaunchScript(text, '/w/run.sh');
    expect(r.spec.entry).toBe('train_async.py');
    expect(r.spec.args).toEqual({
      '--a': '$HOME x',
      '--b': 'q"uote',
      '--c': '1e-6',
      '--d': '0.00',
      '--e': -1,
    });
  });

  test('a flag value from a secret-looking variable never lands in the spec, set in the script or not', () => {
    const text = [
      'export WANDB_API_KEY=sk-live-1234',
      'MY_TOKEN="tok-5678"',
      'export HUB_URL="https://u:${MY_TOKEN}@hub"',
      'ARGS=(--use-wandb --wandb-key ${WANDB_API_KEY})',
      'python3 train.py ${ARGS[@]} --rm-url "http://x/?t=$MY_TOKEN" --hf-token ${HF_TOKEN:-none} --rollout-batch-size 4',
      '',
    ].join('\n');
    const r = importLaunchScript(text, '/w/run.sh');
    const json = JSON.stringify(r.spec);
    for (const value of ['sk-live-1234', 'tok-5678', 'none', '\u2063']) expect(json).not.toContain(value);
    expect(r.spec.args).toEqual({ '--use-wandb': true, '--rollout-batch-size': 4 });
    expect(r.spec.secretEnv).toEqual(['WANDB_API_KEY', 'MY_TOKEN', 'HF_TOKEN']);
    expect(r.spec.env).toEqual({});
    const at5 = r.problems.filter((p) => p.line === 5).map((p) => p.message);
    expect(at5).toEqual([
      expect.stringMatching(
        /^--wandb-key takes its value from \$WANDB_API_KEY, which looks like a secret: the flag was left out/,
      ),
      expect.stringMatching(/^--rm-url takes its value from \$MY_TOKEN/),
      expect.stringMatching(/^--hf-token takes its value from \$HF_TOKEN/),
    ]);
    expect(r.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(/^HUB_URL is built from \$MY_TOKEN/),
    );
    // Data keys slime's flags name are not credentials.
    const data = importLaunchScript(
      'MULTIMODAL_KEYS=\'{"image": "images"}\'\nREWARD_KEY=score\nTOKENIZER=/m\npython3 train.py --multimodal-keys "$MULTIMODAL_KEYS" --reward-key $REWARD_KEY --t $TOKENIZER\n',
      '/w/run.sh',
    );
    expect(data.spec.args).toEqual({
      '--multimodal-keys': '{"image": "images"}',
      '--reward-key': 'score',
      '--t': '/m',
    });
    expect(data.spec.secretEnv).toEqual([]);
  });

  test('arithmetic, seq and basename are read as bash reads them', () => {
    const text = [
      'DENSE=3',
      'MOE=${MOE:-45}',
      'BUF=$(( 4 * 512 * 1024 * 1024))',
      'NAME=$(basename /root/models/Qwen3-4B.tar .tar)',
      'python3 train.py --num-layers $((DENSE + MOE)) --update-weight-buffer-size "$BUF" \\',
      '  --sglang-cuda-graph-bs 1 2 $(seq 16 8 32) --save "/ckpt/${NAME}" --neg $(( -(7 % 4) ** 2 ))',
      '',
    ].join('\n');
    const r = importLaunchScript(text, '/w/run.sh');
    expect(r.problems.filter((p) => p.line > 0)).toEqual([]);
    expect(r.spec.args).toEqual({
      '--num-layers': 48,
      '--update-weight-buffer-size': 2147483648,
      '--sglang-cuda-graph-bs': [1, 2, 16, 24, 32],
      '--save': '/ckpt/Qwen3-4B',
      '--neg': 9,
    });
    const heredoc = importLaunchScript('X=$(python3 - <<PY\nprint(1)\nPY\n)\n', '/w/run.sh');
    expect(heredoc.problems[0]).toEqual({
      line: 1,
      message: '$(python3 - <<PY …) is a command substitution; it was not run and reads as empty.',
    });
    const unread = importLaunchScript('python3 train.py --x $(( X++ ))\n', '/w/run.sh');
    expect(unread.problems).toContainEqual({
      line: 1,
      message: '$((X++)) is arithmetic Rollout Studio does not read; it reads as empty.',
    });
  });

  test('python3 -u, a VAR=x prefix, 2>&1, "$@" and an absolute entry path read as bash runs them', () => {
    const text = [
      'export A=1',
      'NCCL_DEBUG=WARN CUDA_VISIBLE_DEVICES=0,1 python3 -u /opt/slime/train.py --x 1 "$@" 2>&1 | tee log.txt',
      'echo "$NCCL_DEBUG" >> out.log 2> err.log',
      '',
    ].join('\n');
    const r = importLaunchScript(text, '/w/run.sh');
    // As in bash, the prefix is the entry's environment only: the shell itself never had NCCL_DEBUG.
    expect(r.problems).toEqual([
      { line: 3, message: '$NCCL_DEBUG is not set in the script; it reads as empty.' },
    ]);
    expect(r.spec).toMatchObject({
      entry: 'train.py',
      workdir: '/opt/slime',
      args: { '--x': 1 },
      env: { A: '1', NCCL_DEBUG: 'WARN', CUDA_VISIBLE_DEVICES: '0,1' },
    });
    const other = importLaunchScript('python3 -X dev /opt/slime/train_async.py --y 2\n', '/w/run.sh');
    expect(other.spec).toMatchObject({ entry: 'train_async.py', args: { '--y': 2 } });
    expect(other.problems.map((p) => p.message)).toEqual([
      'Interpreter options -X dev are not part of a run spec; they were left out.',
    ]);
  });

  test("source /root/slime/… is read from the script's own checkout, and its problems name that file", () => {
    const files: Record<string, string> = {
      '/home/u/slime/scripts/models/m.sh': 'MODEL_ARGS=(--num-layers 2)\nX=$(hostname)\n',
    };
    const r = importLaunchScript(
      'source /root/slime/scripts/models/m.sh\npython3 train.py ${MODEL_ARGS[@]}\n',
      '/home/u/slime/scripts/run.sh',
      { readSourced: (p) => files[p] },
    );
    expect(r.spec.args).toEqual({ '--num-layers': 2 });
    // A prefix on `source` holds while the file runs, and only then.
    const base = importLaunchScript(
      'B=1\nB=7 source /w/m.sh\npython3 train.py ${ARGS[@]} --b $B\n',
      '/w/run.sh',
      { readSourced: (p) => (p === '/w/m.sh' ? 'ARGS=(--rotary-base "${B:-10}")\n' : undefined) },
    );
    expect(base.spec.args).toEqual({ '--rotary-base': 7, '--b': 1 });
    expect(r.problems.filter((p) => p.line > 0)).toEqual([
      {
        file: '/home/u/slime/scripts/models/m.sh',
        line: 2,
        message: '$(hostname) is a command substitution; it was not run and reads as empty.',
      },
    ]);
  });

  test('if branches are taken as bash takes them; what only the box can tell is named and applies no branch', () => {
    const text = [
      'MODE="${MODE:-grpo}"',
      'if [ "$MODE" = "sft" ]; then',
      '  LR=1e-5',
      'elif [ -z "$LR" ] && (( 2 > 1 )); then LR=1e-6',
      'else',
      '  LR=0',
      'fi',
      'if [ -f /data/extra.jsonl ]; then DATA=/data/extra.jsonl; fi',
      'if ! [ "$MODE" != grpo ] || false; then KL=0.01; fi',
      'python3 train.py --lr $LR --kl-coef ${KL:-0} --prompt-data ${DATA:-/data/base.jsonl}',
      '',
    ].join('\n');
    const r = importLaunchScript(text, '/w/run.sh');
    expect(r.spec.args).toEqual({ '--lr': '1e-6', '--kl-coef': 0.01, '--prompt-data': '/data/base.jsonl' });
    expect(r.problems.filter((p) => p.line > 0)).toEqual([
      {
        line: 8,
        message:
          '`if` tests `[ -f /data/extra.jsonl ]`, which only the box can tell; no branch of it was applied.',
      },
    ]);
  });

  test('for loops, printf -v, an IFS join, array elements and a here-document build flags as in bash', () => {
    const text = [
      'N=5; DENSE=2',
      'arr=()',
      'for ((i=0; i<N; i++)); do',
      '  if (( i < DENSE )); then arr+=(0); else arr+=(1); fi',
      'done',
      'printf -v FREQ "[%s]" "$(IFS=\', \'; echo "${arr[*]}")"',
      'ARGS=(--a 1 --b 2)',
      'ARGS[1]=10',
      'for d in x y; do EVAL+=" $d"; done',
      'PYPATH=$(cat <<EOF',
      '/opt/Megatron-LM:${N}',
      'EOF',
      ')',
      'python3 train.py --moe-layer-freq "$FREQ" ${ARGS[@]} --eval $EVAL --pp "$PYPATH"',
      '',
    ].join('\n');
    const r = importLaunchScript(text, '/w/run.sh');
    expect(r.problems.filter((p) => p.line > 0)).toEqual([]);
    expect(r.spec.args).toEqual({
      '--moe-layer-freq': '[0,0,1,1,1]',
      '--a': 10,
      '--b': 2,
      '--eval': ['x', 'y'],
      '--pp': '/opt/Megatron-LM:5',
    });
  });

  test('ray job submit to an existing address without a head is cluster mode', () => {
    const r = importLaunchScript(
      'ray job submit --address http://10.0.0.5:8265 -- python3 train.py --rollout-batch-size 4\n',
      '/w/run.sh',
    );
    expect(r.spec.ray).toEqual({ mode: 'cluster', address: 'http://10.0.0.5:8265' });
    expect(r.spec.args).toEqual({ '--rollout-batch-size': 4 });
  });
});
