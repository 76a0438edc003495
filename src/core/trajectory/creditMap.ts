import { jsonEqual } from '../toolcall/jsonEqual';
import type { Tau2Action, Tau2RewardInfo } from './rewardInfo';
import type { ToolCall, Turn } from './turn';

// Where each part of a tau2 reward comes from in the trajectory, following tau2's evaluators:
// - an action check is met by the first tool call, from the assistant or the user side, with the same name
//   and equal compared arguments; compare_args null compares the keys the call itself passed
//   (tasks.py compare_with_tool_call);
// - a communicate check is met by the first assistant text that contains the info, case-insensitively,
//   with commas removed from the text (evaluator_communicate.py);
// - DB, env-assertion and NL-assertion checks judge the end state or the whole conversation.
// Only components in reward_basis gate the reward; the others are shown but do not count.

export type CreditKind =
  'action' | 'communicate' | 'db' | 'env_assertion' | 'nl_assertion' | 'tool_error' | 'diagnostic';

export interface CreditEntry {
  kind: CreditKind;
  /** Index of the check inside its list in reward_info. */
  check?: number;
  label: string;
  /** What tau2 recorded (checks) — tool errors and diagnostics are never "met". */
  met: boolean;
  /** Whether this component is in reward_basis, i.e. gates the reward. */
  gates: boolean;
  /** The turn it points at; absent: the end state, or nothing matched. */
  turn?: number;
  /** For actions, the call inside the turn. */
  call?: number;
  /** Set when re-matching against the turns disagrees with what tau2 recorded (e.g. lost or edited turns). */
  disagrees?: boolean;
  /** For actions, the tool the task expects to be called. */
  tool?: string;
}

const BASIS: Record<string, CreditKind> = {
  DB: 'db',
  ENV_ASSERTION: 'env_assertion',
  NL_ASSERTION: 'nl_assertion',
  ACTION: 'action',
  COMMUNICATE: 'communicate',
};

export function creditMap(turns: readonly Turn[], info: Tau2RewardInfo | undefined): CreditEntry[] {
  const entries: CreditEntry[] = [];
  const basis = new Set((info?.reward_basis ?? []).map((b) => BASIS[b]).filter((k) => k !== undefined));
  const gates = (kind: CreditKind) => basis.has(kind);
  for (const [i, check] of (info?.action_checks ?? []).entries()) {
    const entry: CreditEntry = {
      kind: 'action',
      check: i,
      label: `${check.action.name}(${JSON.stringify(check.action.arguments)})`,
      tool: check.action.name,
      met: check.action_match,
      gates: gates('action'),
    };
    const found = findCall(turns, check.action);
    if (found !== undefined) Object.assign(entry, found);
    if ((found !== undefined) !== check.action_match) entry.disagrees = true;
    entries.push(entry);
  }
  for (const [i, check] of (info?.communicate_checks ?? []).entries()) {
    const entry: CreditEntry = {
      kind: 'communicate',
      check: i,
      label: check.info,
      met: check.met,
      gates: gates('communicate'),
    };
    const turn = turns.findIndex((t) => t.role === 'assistant' && communicates(t, check.info));
    if (turn >= 0) entry.turn = turn;
    if (turn >= 0 !== check.met) entry.disagrees = true;
    entries.push(entry);
  }
  if (info?.db_check !== undefined && info.db_check !== null) {
    entries.push({
      kind: 'db',
      label: 'database state',
      met: info.db_check.db_match === true,
      gates: gates('db'),
    });
  }
  for (const [i, a] of (info?.env_assertions ?? []).entries()) {
    const name = typeof a.env_assertion?.func_name === 'string' ? a.env_assertion.func_name : 'env assertion';
    entries.push({ kind: 'env_assertion', check: i, label: name, met: a.met, gates: gates('env_assertion') });
  }
  for (const [i, a] of (info?.nl_assertions ?? []).entries()) {
    entries.push({
      kind: 'nl_assertion',
      check: i,
      label: a.nl_assertion,
      met: a.met,
      gates: gates('nl_assertion'),
    });
  }
  for (const [turn, t] of turns.entries()) {
    if (t.isError === true) {
      entries.push({ kind: 'tool_error', label: t.toolName ?? 'tool', met: false, gates: false, turn });
    }
    for (const d of t.analysis?.diagnostics ?? []) {
      entries.push({ kind: 'diagnostic', label: `${d.code} ${d.message}`, met: false, gates: false, turn });
    }
  }
  return entries;
}

function findCall(turns: readonly Turn[], action: Tau2Action): { turn: number; call: number } | undefined {
  for (const [turn, t] of turns.entries()) {
    const call = t.toolCalls.findIndex((c) => matches(action, c));
    if (call >= 0) return { turn, call };
  }
  return undefined;
}

function matches(action: Tau2Action, call: ToolCall): boolean {
  if (action.name !== call.name) return false;
  const args = isRecord(call.arguments) ? call.arguments : {};
  const keys = action.compare_args ?? Object.keys(args);
  if (keys.length === 0) return true;
  const pick = (o: Record<string, unknown>) =>
    Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
  return jsonEqual(pick(args), pick(action.arguments));
}

function communicates(turn: Turn, info: string): boolean {
  // The recipe's agent speaks through a respond{content} call; tau2 sees that content as the message.
  const texts = [
    turn.text,
    ...turn.toolCalls.filter((c) => c.name === 'respond').map((c) => contentOf(c.arguments)),
  ];
  const needle = info.toLowerCase();
  return texts.some((t) => t.toLowerCase().replace(/,/g, '').includes(needle));
}

function contentOf(args: unknown): string {
  return isRecord(args) && typeof args.content === 'string' ? args.content : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
