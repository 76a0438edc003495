import { describe, expect, it } from 'vitest';
import { readEvalReport } from '../../../src/core/eval/evalReport';

// A report in the shape eval.py's `report` has (THUDM/slime PR #1156, examples/tau-bench/tau2/eval.py).
const attempt = (over: Record<string, unknown>) => ({
  success: false,
  reward: 0,
  partial_score: 0.25,
  partial_components: { action: 0.5, db: 0 },
  steps: 7,
  status: 'completed',
  error: null,
  reward_info: { reward: 0, reward_basis: ['DB', 'COMMUNICATE'] },
  ...over,
});
const REPORT = {
  hf_checkpoint: '/hf/grpo',
  sglang_url: 'http://127.0.0.1:30000/generate',
  task_split: 'test',
  domains: ['airline', 'retail'],
  k: 2,
  metric_note: 'pass@k = any success among k attempts (not pass^k leaderboard estimate)',
  summary: { total: 2, pass_at_1: 0.5, pass_at_2: 1 },
  by_domain: {},
  results: [
    {
      domain: 'airline',
      task_split: 'test',
      task_index: 0,
      task_id: '0',
      num_samples: 2,
      attempts: [
        attempt({ success: true, reward: 1 }),
        attempt({ status: 'parse_error', error: 'Multiple <tool_call> blocks found' }),
      ],
      pass_at_1: 1,
      pass_at_k: 1,
    },
    {
      domain: 'retail',
      task_split: 'test',
      task_index: 0,
      task_id: 0,
      num_samples: 2,
      attempts: [attempt({ status: 'truncated' }), { reward: 1, status: 'completed' }],
      pass_at_1: 0,
      pass_at_k: 0,
    },
  ],
};

describe('readEvalReport', () => {
  it('gives one sample per attempt, keyed by domain and task, with status, partial score and reward_info', () => {
    const { samples, problems } = readEvalReport(JSON.stringify(REPORT), 'eval-report.json');
    expect(samples.map((s) => [s.group, s.index, s.status, s.reward.value])).toEqual([
      ['airline/0', 0, 'completed', 1],
      ['airline/0', 1, 'failed', 0],
      ['retail/0', 0, 'truncated', 0],
    ]);
    expect(samples[1]!.metadata).toMatchObject({
      eval_status: 'parse_error',
      error: 'Multiple <tool_call> blocks found',
    });
    expect(samples[0]!.reward).toMatchObject({
      partialScore: 0.25,
      partialComponents: { action: 0.5, db: 0 },
    });
    expect(samples[0]!.rewardInfo?.reward_basis).toEqual(['DB', 'COMMUNICATE']);
    // The attempt without `success` is named by its place in the file and left out.
    expect(problems.skipped).toBe(1);
    expect(problems.list).toEqual([
      { file: 'eval-report.json', path: 'results[1].attempts[1].success', message: expect.any(String) },
    ]);
  });

  it('says where a report is not one', () => {
    expect(readEvalReport('{"results": 3}', 'r.json').problems.list[0]).toMatchObject({ path: 'results' });
    expect(readEvalReport('{', 'r.json').problems.list[0]?.message).toMatch(/^not JSON/);
  });
});
