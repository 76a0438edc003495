import type { ToolCall, Turn } from './turn';

/**
 * Fills in which call each tool result answers: by id when the result carries a non-empty one, otherwise by
 * position among the calls of the turn before (tau2 gym and the slime recipe leave ids empty). Runs after the
 * tool-call engine, since calls written as text only exist once the verdict has extracted them. Facts the
 * source stated (a name, a requestor) are kept.
 */
export function pairToolResults(turns: Turn[]): void {
  let pending: ToolCall[] = [];
  for (const turn of turns) {
    if (turn.role !== 'tool') {
      if (turn.toolCalls.length > 0) pending = [...turn.toolCalls];
      continue;
    }
    const byId = turn.toolCallId !== undefined ? pending.findIndex((c) => c.id === turn.toolCallId) : -1;
    const call = byId >= 0 ? pending.splice(byId, 1)[0] : pending.shift();
    if (call === undefined) continue;
    turn.toolName ??= call.name;
    if (turn.requestor === undefined && call.requestor !== undefined) turn.requestor = call.requestor;
  }
}
