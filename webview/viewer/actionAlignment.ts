import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import type { Turn } from '../../src/core/trajectory/turn';

// tau2's expected actions (reward_info.action_checks) beside the tool calls the agent made, in the order
// the agent made them. The pairing is the credit map's: an expected action is matched by the first call
// with its name and compared arguments, as tau2's evaluator does.

/** The tau2 recipe's pseudo-tools: talking to the user and ending the episode are not actions. */
const CONVERSATION_TOOLS = new Set(['respond', 'done']);

export interface ExpectedAction {
  check: number;
  label: string;
  /** In reward_basis: a miss costs the reward. */
  gates: boolean;
  /** What tau2 recorded differs from matching the turns again. */
  disagrees: boolean;
}

export interface ActualCall {
  turn: number;
  call: number;
  name: string;
  arguments: unknown;
  requestor: 'assistant' | 'user' | undefined;
}

export type AlignedRow =
  | { status: 'matched'; expected: ExpectedAction; actual: ActualCall }
  | { status: 'missing'; expected: ExpectedAction }
  | { status: 'extra' | 'conversation'; actual: ActualCall };

export function alignActions(turns: readonly Turn[], credit: readonly CreditEntry[]): AlignedRow[] {
  const expected = credit
    .filter((c) => c.kind === 'action')
    .map((c, i) => ({
      entry: c,
      action: {
        check: c.check ?? i,
        label: c.label,
        gates: c.gates,
        disagrees: c.disagrees === true,
      } satisfies ExpectedAction,
    }));
  // Two expected actions can name the same call (tau2 lets one call meet both).
  const byCall = new Map<string, number[]>();
  expected.forEach((e, i) => {
    if (e.entry.turn === undefined) return;
    const k = `${e.entry.turn}:${e.entry.call ?? 0}`;
    byCall.set(k, [...(byCall.get(k) ?? []), i]);
  });
  const rows: AlignedRow[] = [];
  let next = 0;
  const missingUpTo = (end: number) => {
    for (; next < end; next++) {
      const e = expected[next]!;
      // Matched ones are emitted where their call is; only the unmatched wait in expected order.
      if (e.entry.turn === undefined) rows.push({ status: 'missing', expected: e.action });
    }
  };
  for (const [turn, t] of turns.entries()) {
    for (const [call, c] of t.toolCalls.entries()) {
      const actual: ActualCall = { turn, call, name: c.name, arguments: c.arguments, requestor: c.requestor };
      const ks = byCall.get(`${turn}:${call}`);
      if (ks === undefined) {
        rows.push({ status: CONVERSATION_TOOLS.has(c.name) ? 'conversation' : 'extra', actual });
        continue;
      }
      for (const k of ks) {
        missingUpTo(k);
        next = Math.max(next, k + 1);
        rows.push({ status: 'matched', expected: expected[k]!.action, actual });
      }
    }
  }
  missingUpTo(expected.length);
  return rows;
}
