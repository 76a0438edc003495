import type { ToolSpec, TurnAnalysis } from '../toolcall/types';
import { pairToolResults } from './pairToolResults';
import type { Turn } from './turn';

/**
 * Reads one assistant turn's raw text the way SGLang's parsers would. Injected rather than imported so the
 * trajectory model does not depend on which tool-call engine (or none) a caller has.
 */
export type TurnAnalyzer = (
  text: string,
  context: { tools?: ToolSpec[]; finishReason?: 'stop' | 'length' },
) => TurnAnalysis;

/**
 * Attaches the analyzer's verdict to assistant turns whose calls live in their text. Turns that already carry
 * structured calls (OpenAI function calling, tau2 messages) were never parsed from text, so they are left
 * alone. Calls the verdict extracts become the turn's tool calls. The last turn of a truncated sample was cut
 * by the length limit, which the engine reports differently.
 */
export function analyzeTurns(
  turns: Turn[],
  analyzer: TurnAnalyzer,
  options: { tools?: ToolSpec[]; truncated?: boolean },
): void {
  let last = -1;
  for (const [i, t] of turns.entries()) if (t.role === 'assistant') last = i;
  for (const [i, turn] of turns.entries()) {
    if (turn.role !== 'assistant' || turn.toolCalls.length > 0) continue;
    const context: { tools?: ToolSpec[]; finishReason?: 'stop' | 'length' } = {
      finishReason: options.truncated === true && i === last ? 'length' : 'stop',
    };
    if (options.tools !== undefined) context.tools = options.tools;
    const analysis = analyzer(turn.text, context);
    turn.analysis = analysis;
    turn.toolCalls = analysis.verdict.calls.map((c) => ({ name: c.name, arguments: c.arguments }));
  }
  pairToolResults(turns);
}
