import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalResult, chooseAttempts } from '../../../src/core/eval/evalResult';
import { COOKBOOK_PASS_AT_K } from '../../../src/core/eval/evalSettings';
import { importTau2ResultsFile } from '../../../src/core/importers/tau2Results';
import { attempt, attempts, provenance } from './evalHelpers';

const REAL = new URL(
  '../../fixtures/upstream/tau2/gpt-4.1_telecom_no-user_4trials_5tasks.json',
  import.meta.url,
);

describe('evalResult', () => {
  it('gives pass@1, pass@k and pass^k per domain and overall, averaged over tasks (counted by hand)', () => {
    // airline: task 0 has 2 of 4 successes, task 1 has 4 of 4. retail: task 0 has 0 of 4.
    const samples = [
      ...attempts('airline', [
        [1, 0, 1, 0],
        [1, 1, 1, 1],
      ]),
      ...attempts('retail', [[0, 0, 0, 0]]),
    ];
    const r = evalResult('/runs/e', provenance('GRPO', { ...COOKBOOK_PASS_AT_K, k: 2 }, 't'), samples, null);
    const airline = r.domains.find((d) => d.domain === 'airline')!;
    // pass@1 = mean(2/4, 4/4) = 0.75; pass@2 = mean(1 − C(2,2)/C(4,2), 1) = mean(5/6, 1);
    // pass^2 = mean(C(2,2)/C(4,2), 1) = mean(1/6, 1).
    expect(airline).toMatchObject({ tasks: 2, attempts: 8, passAt1: 0.75 });
    expect(airline.passAtK).toBeCloseTo((5 / 6 + 1) / 2, 12);
    expect(airline.passHatK).toBeCloseTo((1 / 6 + 1) / 2, 12);
    expect(r.domains.find((d) => d.domain === 'retail')).toMatchObject({
      passAt1: 0,
      passAtK: 0,
      passHatK: 0,
    });
    // Overall averages over the three tasks, as eval.py's summary does over its results.
    expect(r.overall.tasks).toBe(3);
    expect(r.overall.passAt1).toBeCloseTo((0.5 + 1 + 0) / 3, 12);
    expect(r.overall.passAtK).toBeCloseTo((5 / 6 + 1 + 0) / 3, 12);
    expect(r.tasks).toEqual({ airline: 2, retail: 1 });
  });

  it('has no pass@k where a task has fewer attempts than k', () => {
    const samples = [
      attempt('airline', '0', 0, 1),
      attempt('airline', '0', 1, 1),
      attempt('airline', '1', 0, 1),
    ];
    const r = evalResult('/runs/e', provenance('SFT', { ...COOKBOOK_PASS_AT_K, k: 2 }, 't'), samples, null);
    expect(r.overall).toMatchObject({ passAt1: 1, passAtK: null, passHatK: null });
  });

  it('reads the real tau2 run: 5 telecom tasks, one failed in all 4 trials', () => {
    const imported = importTau2ResultsFile(readFileSync(REAL, 'utf8'), 'real.json');
    const r = evalResult('/runs/e', provenance('GPT-4.1', COOKBOOK_PASS_AT_K, 't'), imported.samples, null);
    expect(r.domains).toHaveLength(1);
    // [mobile_data_issue]data_saver_mode_on|data_usage_exceeded[PERSONA:Easy] has reward 0 in trials 0-3;
    // the other four tasks have reward 1 in every trial.
    expect(r.domains[0]).toMatchObject({
      domain: 'telecom',
      tasks: 5,
      attempts: 20,
      passAt1: 0.8,
      passAtK: 0.8,
      passHatK: 0.8,
    });
    expect(r.trajectories).toBe(20);
  });

  it("prefers a domain's tau2 Results (with conversations) over the report's attempts", () => {
    const fromReport = [...attempts('airline', [[0]]), ...attempts('retail', [[1]])];
    const fromTau2 = [
      { ...attempt('airline', '0', 0, 1), turns: [{ role: 'user' as const, text: 'hi', toolCalls: [] }] },
    ];
    const chosen = chooseAttempts(fromReport, fromTau2 as never);
    expect(chosen.map((s) => [s.domain, s.reward.value, s.turns.length])).toEqual([
      ['airline', 1, 1],
      ['retail', 1, 0],
    ]);
  });
});
