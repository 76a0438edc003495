import { jsonEqual } from '../toolcall/jsonEqual';
import type { Verdict } from '../toolcall/types';

/** What SGLang's chat endpoint returned for a completion: its own reasoning split and tool-call parse. */
export interface ServerParse {
  content: string | null;
  reasoning: string | null;
  /** `tool_calls` as returned; null when the server sent none (no trigger, or a parse error). */
  toolCalls: { name: string; arguments: string }[] | null;
  finishReason: string | null;
  /**
   * `chat`: the chat endpoint parsed the completion. `parse-endpoints`: /separate_reasoning and
   * /parse_function_call did, and finish_reason is the generation's (stop or length), which the chat
   * endpoint would have turned into tool_calls on seeing the trigger.
   */
  via: 'chat' | 'parse-endpoints';
}

/**
 * Where our emulation's verdict and the server's parse of the same raw text disagree, in words. Empty
 * when they agree. Arguments are compared as decoded JSON: SGLang re-serialises them with json.dumps, so
 * only a difference in value counts.
 */
export function parseDifferences(ours: Verdict, server: ServerParse): string[] {
  const out: string[] = [];
  const rewrite = server.via === 'parse-endpoints' && server.finishReason === 'stop';
  if (server.finishReason !== null && server.finishReason !== ours.finishReason && !rewrite)
    out.push(`finish_reason: ours ${ours.finishReason}, the server's ${server.finishReason}`);
  const theirs = server.toolCalls ?? [];
  if (theirs.length !== ours.calls.length) {
    out.push(`tool calls: ours ${ours.calls.length}, the server's ${theirs.length}`);
  } else {
    theirs.forEach((call, i) => {
      const mine = ours.calls[i];
      if (!mine) return;
      if (mine.name !== call.name)
        out.push(`call ${i + 1}: ours names ${mine.name}, the server's ${call.name}`);
      else if (!jsonEqual(mine.arguments, decode(call.arguments)))
        out.push(`call ${i + 1} (${call.name}): the arguments differ`);
    });
  }
  if (norm(ours.content) !== norm(server.content)) out.push('content differs');
  if (norm(ours.reasoning) !== norm(server.reasoning)) out.push('reasoning_content differs');
  return out;
}

/** The server sends "" and null interchangeably for an empty field; surrounding whitespace is stripped by both. */
const norm = (s: string | null) => (s ?? '').trim();

function decode(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
