import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importTau2ResultsFile } from '../../../src/core/importers/tau2Results';
import { importTau2ResultsDir } from '../../../src/core/importers/tau2ResultsDir';
import { passAtK, passHatK } from '../../../src/core/metrics/passK';
import { summarize } from '../../../src/core/metrics/summary';
import { fixturePath, readFixture } from '../importers/fixtures';

const SHARED = fileURLToPath(
  new URL('../../../../shared/fixtures/tau2/gpt-4.1_telecom_no-user_4trials_5tasks.json', import.meta.url),
);

/** Exact binomial with BigInt: an implementation independent of the one under test. */
function comb(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

interface RawSim {
  task_id: string;
  termination_reason: string;
  reward_info: { reward: number } | null;
  messages: { tool_calls?: unknown[] | null; error?: boolean }[];
}

/** tau2-bench's agent_metrics.py definition, computed straight from the JSON. */
function tau2Expected(sims: RawSim[]) {
  const kept = sims.filter((s) => s.termination_reason !== 'infrastructure_error');
  const byTask = new Map<string, boolean[]>();
  for (const s of kept) {
    const r = s.reward_info?.reward;
    byTask.set(s.task_id, [
      ...(byTask.get(s.task_id) ?? []),
      r !== undefined && 1 - 1e-6 <= r && r <= 1 + 1e-6,
    ]);
  }
  const maxK = Math.min(...[...byTask.values()].map((v) => v.length));
  const hat: Record<string, number> = {};
  const at: Record<string, number> = {};
  for (let k = 1; k <= maxK; k++) {
    const per = [...byTask.values()].map((v) => {
      const n = v.length;
      const c = v.filter(Boolean).length;
      return [
        Number(comb(c, k)) / Number(comb(n, k)),
        1 - Number(comb(n - c, k)) / Number(comb(n, k)),
      ] as const;
    });
    hat[k] = per.reduce((a, [h]) => a + h, 0) / per.length;
    at[k] = per.reduce((a, [, p]) => a + p, 0) / per.length;
  }
  const rewards = kept.map((s) => s.reward_info?.reward).filter((r): r is number => r !== undefined);
  return {
    tasks: byTask.size,
    hat,
    at,
    avg: rewards.reduce((a, b) => a + b, 0) / rewards.length,
    toolCalls: kept.flatMap((s) => s.messages).reduce((a, m) => a + (m.tool_calls?.length ?? 0), 0),
    toolErrors: kept.flatMap((s) => s.messages).filter((m) => m.error === true).length,
  };
}

function expectMatchesTau2(text: string) {
  const raw = JSON.parse(text) as { simulations: RawSim[] };
  const expected = tau2Expected(raw.simulations);
  const got = summarize(importTau2ResultsFile(text, 'f.json').samples);
  expect(got.simulations).toBe(raw.simulations.length);
  expect(got.tasks).toBe(expected.tasks);
  expect(Object.keys(got.passHatK)).toEqual(Object.keys(expected.hat));
  for (const k of Object.keys(expected.hat)) {
    expect(got.passHatK[k]).toBeCloseTo(expected.hat[k]!, 12);
    expect(got.passAtK[k]).toBeCloseTo(expected.at[k]!, 12);
  }
  expect(got.avgReward).toBeCloseTo(expected.avg, 12);
  expect(got.toolCalls).toBe(expected.toolCalls);
  expect(got.toolErrors).toBe(expected.toolErrors);
  const { byDomain, ...overall } = got;
  expect(byDomain).toEqual({ telecom: overall });
  return got;
}

describe('summary metrics', () => {
  it("match tau2-bench's pass^k on the committed copy of the real telecom run", () => {
    const got = expectMatchesTau2(readFixture('tau2-v0-telecom-gpt41-trimmed.json'));
    // 5 tasks x 4 trials: one task never succeeds, four always do.
    expect(got.passHatK).toEqual({ '1': 0.8, '2': 0.8, '3': 0.8, '4': 0.8 });
    expect(got).toMatchObject({ simulations: 20, tasks: 5, toolCalls: 192, toolErrors: 0, avgReward: 0.8 });
    expect(got.terminationReasons).toEqual({ agent_stop: 20 });
  });

  it.skipIf(!existsSync(SHARED))(
    "match tau2-bench's pass^k on the full real file in ../shared (skipped in a fresh clone)",
    () => {
      expectMatchesTau2(readFileSync(SHARED, 'utf8'));
    },
  );

  it('leave infrastructure errors out and count tool errors', async () => {
    const r = await importTau2ResultsDir(fixturePath('tau2-v1-dir'), (p) => readFile(p, 'utf8'));
    const s = summarize(r.samples);
    expect(s).toMatchObject({
      simulations: 2,
      tasks: 1,
      infrastructureErrors: 1,
      avgReward: 0.5,
      toolErrors: 2,
    });
    expect(s.passHatK).toEqual({ '1': 0.5, '2': 0 });
    expect(s.passAtK).toEqual({ '1': 0.5, '2': 1 });
    expect(s.terminationReasons).toEqual({ user_stop: 1, max_steps: 1 });
  });

  it('keep tasks of different domains apart and report per domain', () => {
    const r = importTau2ResultsFile(readFixture('tau2-v0-telecom-gpt41-trimmed.json'), 'f.json');
    const airline = r.samples.slice(0, 4).map((s) => ({ ...s, domain: 'airline', taskId: '0', group: '0' }));
    const retail = r.samples.slice(0, 4).map((s) => ({ ...s, domain: 'retail', taskId: '0', group: '0' }));
    const s = summarize([...airline, ...retail]);
    expect(s.tasks).toBe(2);
    expect(Object.keys(s.byDomain)).toEqual(['airline', 'retail']);
    expect(s.byDomain['airline']?.simulations).toBe(4);
  });

  it('have no pass^k and no average reward without rewards', () => {
    const s = summarize([]);
    expect(s).toMatchObject({ simulations: 0, tasks: 0, avgReward: null, passHatK: {}, passAtK: {} });
  });
});

describe('pass^k and pass@k', () => {
  it('agree with the binomial definitions and order: pass^k ≤ pass^1 ≤ pass@1 ≤ pass@k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), fc.nat(), (n, cSeed, kSeed) => {
        const c = cSeed % (n + 1);
        const k = (kSeed % n) + 1;
        const exactHat = Number(comb(c, k)) / Number(comb(n, k));
        const exactAt = 1 - Number(comb(n - c, k)) / Number(comb(n, k));
        expect(passHatK(n, c, k)).toBeCloseTo(exactHat, 10);
        expect(passAtK(n, c, k)).toBeCloseTo(exactAt, 10);
        expect(passHatK(n, c, k)).toBeLessThanOrEqual(passHatK(n, c, 1) + 1e-12);
        expect(passAtK(n, c, k)).toBeGreaterThanOrEqual(passAtK(n, c, 1) - 1e-12);
      }),
    );
    expect(() => passHatK(2, 1, 3)).toThrow(RangeError);
  });
});
