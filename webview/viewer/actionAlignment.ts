import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import { isParserDrop } from '../../src/shared/parserDrops';
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
  /** The agent wrote the call, in this turn, but SGLang's parser dropped it: the task never saw it. */
  | { status: 'dropped'; expected: ExpectedAction; turn: number }
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
  const dropped = droppedBlocks(turns);
  let next = 0;
  const missingUpTo = (end: number) => {
    for (; next < end; next++) {
      const e = expected[next]!;
      // Matched ones are emitted where their call is; only the unmatched wait in expected order.
      if (e.entry.turn !== undefined) continue;
      const at = dropped.findIndex((b) => e.entry.tool !== undefined && namesTool(b.text, e.entry.tool));
      if (at < 0) rows.push({ status: 'missing', expected: e.action });
      else rows.push({ status: 'dropped', expected: e.action, turn: dropped.splice(at, 1)[0]!.turn });
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

/**
 * The blocks of assistant text that held a call SGLang's parse dropped (isParserDrop diagnostics): from the
 * `<tool_call>` before the diagnostic to the `</tool_call>` after it, or the end of the turn.
 */
function droppedBlocks(turns: readonly Turn[]): { turn: number; text: string }[] {
  const out: { turn: number; text: string }[] = [];
  for (const [turn, t] of turns.entries()) {
    for (const d of t.analysis?.diagnostics ?? []) {
      if (!isParserDrop(d)) continue;
      const open = t.text.lastIndexOf('<tool_call>', d.start);
      const close = t.text.indexOf('</tool_call>', d.end);
      out.push({ turn, text: t.text.slice(Math.max(0, open), close < 0 ? t.text.length : close) });
    }
  }
  return out;
}

/** Whether a block names the tool: as a JSON string (qwen25, hermes) or a `<function=…>` tag (qwen3_coder). */
function namesTool(block: string, tool: string): boolean {
  return block.includes(JSON.stringify(tool)) || block.includes(`<function=${tool}>`);
}
