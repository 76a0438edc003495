import { pyJsonDumps } from './pyJsonDumps';
import { pyJsonTree, pyTreeDumps } from './pyJsonExact';
import type { Verdict } from './types';

/** What an SGLang release's own parsers returned for a turn (media/sglang_verdict.py). */
export interface SglangVerdict {
  version: string | null;
  /** The content: the tool-call parser's normal text, or the text it left alone. */
  normalText: string;
  reasoning: string | null;
  /** null: the parser did not run, or raised (`raised` says what). */
  calls: { name: string; arguments: string }[] | null;
  raised: string | null;
}

/** One place where our verdict and SGLang's differ. */
export interface VerdictDifference {
  field: 'content' | 'reasoning' | 'calls' | `calls[${number}].name` | `calls[${number}].arguments`;
  ours: string;
  theirs: string;
}

/** Every difference between the engine's verdict and SGLang's own, field by field (empty: they agree). */
export function compareWithSglang(ours: Verdict, theirs: SglangVerdict): VerdictDifference[] {
  const out: VerdictDifference[] = [];
  const same = (a: string | null, b: string | null) => (a ?? '') === (b ?? '');
  if (!same(ours.content, theirs.normalText)) {
    out.push({ field: 'content', ours: ours.content ?? '', theirs: theirs.normalText });
  }
  if (!same(ours.reasoning, theirs.reasoning)) {
    out.push({ field: 'reasoning', ours: ours.reasoning ?? '', theirs: theirs.reasoning ?? '' });
  }
  const calls = theirs.calls ?? [];
  if (ours.calls.length !== calls.length) {
    out.push({ field: 'calls', ours: `${ours.calls.length} calls`, theirs: `${calls.length} calls` });
    return out;
  }
  ours.calls.forEach((call, i) => {
    const other = calls[i];
    if (other === undefined) return;
    if (call.name !== other.name)
      out.push({ field: `calls[${i}].name`, ours: call.name, theirs: other.name });
    const mine = call.argumentsJson ?? pyJsonDumps(call.arguments);
    if (canonical(mine) !== canonical(other.arguments)) {
      out.push({ field: `calls[${i}].arguments`, ours: mine, theirs: other.arguments });
    }
  });
  return out;
}

/** json.dumps spacing for both sides, so only what the arguments say is compared. */
function canonical(json: string): string {
  const tree = pyJsonTree(json);
  return tree === undefined ? json : pyTreeDumps(tree);
}
