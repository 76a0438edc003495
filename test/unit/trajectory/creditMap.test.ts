import { describe, expect, it } from 'vitest';
import { importSlimeSamples } from '../../../src/core/importers/slimeSamples';
import { importTau2ResultsFile } from '../../../src/core/importers/tau2Results';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { creditMap } from '../../../src/core/trajectory/creditMap';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import { readFixture } from '../importers/fixtures';

describe('tau2 credit map', () => {
  it('re-matches every action check of the real telecom run exactly as tau2 recorded it', () => {
    const r = importTau2ResultsFile(readFixture('tau2-v0-telecom-gpt41-trimmed.json'), 'real.json');
    let actions = 0;
    for (const s of r.samples) {
      const credit = creditMap(s.turns, s.rewardInfo);
      const checks = credit.filter((c) => c.kind === 'action');
      actions += checks.length;
      expect(checks.filter((c) => c.disagrees)).toEqual([]);
      for (const c of checks.filter((x) => x.met)) {
        const call = s.turns[c.turn!]?.toolCalls[c.call!];
        expect(c.label.startsWith(`${call?.name}(`)).toBe(true);
      }
      // Telecom's basis is ENV_ASSERTION: action checks are shown but do not gate the reward.
      expect(checks.every((c) => !c.gates)).toBe(true);
      expect(
        credit.filter((c) => c.kind === 'env_assertion').every((c) => c.gates && c.turn === undefined),
      ).toBe(true);
    }
    expect(actions).toBeGreaterThan(0);
  });

  it('points actions and communicated info at turns, and lists tool errors and diagnostics', () => {
    const analyzer = profileAnalyzer(parseProfile({}));
    const r = importSlimeSamples(readFixture('tau2-recipe-samples.jsonl'), 'recipe.jsonl', { analyzer });
    const ok = r.samples[2]!;
    const credit = creditMap(ok.turns, ok.rewardInfo);
    const action = credit.find((c) => c.kind === 'action')!;
    expect(ok.turns[action.turn!]?.toolCalls[action.call!]).toEqual({
      name: 'cancel_reservation',
      arguments: { reservation_id: 'EHGLP3' },
    });
    const communicate = credit.find((c) => c.kind === 'communicate')!;
    expect(communicate).toMatchObject({ met: true, gates: true, label: '1628' });
    expect(ok.turns[communicate.turn!]?.text).toContain('$1,628');
    expect(credit.find((c) => c.kind === 'tool_error')).toMatchObject({
      label: 'cancel_reservation',
      turn: 5,
    });
    expect(credit.find((c) => c.kind === 'db')).toMatchObject({ met: true, gates: true });

    const bad = r.samples[1]!;
    const badCredit = creditMap(bad.turns, bad.rewardInfo);
    const missed = badCredit.find((c) => c.kind === 'action');
    expect(missed?.met).toBe(false);
    expect(missed?.turn).toBeUndefined();
    expect(badCredit.some((c) => c.kind === 'diagnostic' && c.turn === bad.turns.length - 1)).toBe(true);
  });

  it('compares only compare_args when given, and every passed argument otherwise', () => {
    const turns = [
      {
        role: 'assistant' as const,
        text: '',
        toolCalls: [{ name: 'resume_line', arguments: { customer_id: 'OTHER', line_id: 'L1' } }],
      },
    ];
    const check = (compare_args: string[] | null, args: Record<string, unknown>) =>
      creditMap(turns, {
        action_checks: [
          { action: { name: 'resume_line', arguments: args, compare_args }, action_match: true },
        ],
      })[0];
    expect(check(['line_id'], { customer_id: 'C1', line_id: 'L1' })?.turn).toBe(0);
    const all = check(null, { customer_id: 'C1', line_id: 'L1' });
    expect(all?.turn).toBeUndefined();
    expect(all?.disagrees).toBe(true);
  });
});
