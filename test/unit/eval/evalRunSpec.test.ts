import { describe, expect, it } from 'vitest';
import { evalRunSpec } from '../../../src/core/eval/evalRunSpec';
import { COOKBOOK_PASS_AT_1, COOKBOOK_PASS_AT_K, EVAL_SCRIPT } from '../../../src/core/eval/evalSettings';
import { buildLaunchScript, entryArgv } from '../../../src/remote/launch/launchScript';

const PLACE = { name: 'eval GRPO', box: 'gpu', workdir: '/root/slime', python: 'python3' };
const TO = {
  hfCheckpoint: '/ckpt/hf_39',
  policyUrl: 'http://127.0.0.1:30000/generate',
  output: '/runs/x/eval-report.json',
};

describe('evalRunSpec', () => {
  it("runs eval.py with the cookbook's pass@4 command line (training_cookbook.md, Quickstart)", () => {
    const spec = evalRunSpec(COOKBOOK_PASS_AT_K, PLACE, TO);
    expect(spec.entry).toBe(EVAL_SCRIPT);
    expect(spec.tap).toBe(false);
    const argv = entryArgv(spec).join(' ');
    expect(argv).toContain(
      `python3 ${EVAL_SCRIPT} --hf-checkpoint /ckpt/hf_39 --sglang-url http://127.0.0.1:30000/generate`,
    );
    expect(argv).toContain(
      '--domains airline,retail,telecom --task-split test --num-samples 4 --temperature 0.8 --top-p 1 --top-k 20',
    );
    expect(argv).toContain('--user-model gpt-4.1-mini --user-temperature 0.7');
  });

  it('makes pass@1 one greedy attempt per task (eval.py README: --num-samples=1 --temperature=0.0)', () => {
    const argv = entryArgv(evalRunSpec(COOKBOOK_PASS_AT_1, PLACE, TO)).join(' ');
    expect(argv).toContain('--num-samples 1 --temperature 0 ');
  });

  it("names an endpoint's key only as a secret, and points eval.py at an SGLang user simulator by TAU2_USER_API_BASE", () => {
    const endpoint = evalRunSpec(
      {
        ...COOKBOOK_PASS_AT_K,
        userSimulator: { ...COOKBOOK_PASS_AT_K.userSimulator, baseUrl: 'https://llm.example/v1' },
      },
      PLACE,
      TO,
    );
    expect(endpoint.secretEnv).toEqual(['OPENAI_API_KEY']);
    expect(endpoint.env).toEqual({ OPENAI_API_BASE: 'https://llm.example/v1' });
    const sglang = evalRunSpec(
      {
        ...COOKBOOK_PASS_AT_K,
        userSimulator: {
          kind: 'sglang',
          model: 'openai/Qwen/Qwen3-4B-Instruct-2507',
          temperature: 0.7,
          baseUrl: 'http://127.0.0.1:30001/v1',
        },
      },
      PLACE,
      TO,
    );
    expect(sglang.secretEnv).toEqual([]);
    expect(sglang.env).toEqual({ TAU2_USER_API_BASE: 'http://127.0.0.1:30001/v1' });
    const script = buildLaunchScript({
      spec: endpoint,
      id: '20260101-000000-eval-abcdef',
      createdAt: 't',
      toolVersion: '0',
    });
    expect(script).toContain('case "$rs_name" in OPENAI_API_KEY)');
  });
});
