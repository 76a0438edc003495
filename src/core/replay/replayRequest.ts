import { toolsFromSystemPrompt } from '../toolcall/systemPromptTools';
import { toolsFromJson } from '../toolcall/tools';
import type { ToolSpec } from '../toolcall/types';
import { parseRecipeToolResult } from '../trajectory/recipeToolResult';
import type { Turn } from '../trajectory/turn';

// What "Replay on policy server" sends: the conversation before one assistant turn, as OpenAI chat
// messages, with the tools the sample offered. Plain data so the request can be tested without a server.

export interface ReplayToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ReplayMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: ReplayToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export interface ReplayTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown };
}

export interface ReplayRequest {
  messages: ReplayMessage[];
  /** The tools offered, in the OpenAI shape. */
  tools: ReplayTool[];
  /**
   * Whether the system prompt already lists the tools (the tau2 recipe renders them there itself). The
   * chat template would then list them a second time if they were also sent as `tools`, so they are
   * not: the server's parse then comes from its parse endpoints instead of the chat endpoint.
   */
  toolsInPrompt: boolean;
  /** The same tools as the engine reads them, for our own analysis of the new completion. */
  toolSpecs: ToolSpec[] | undefined;
}

/**
 * The conversation up to (not including) assistant turn `turn`. An assistant turn whose calls were parsed
 * from its text goes back as that raw text, `<think>` and `<tool_call>` blocks included, so the chat
 * template renders what the policy wrote rather than SGLang's re-serialisation of it; calls a source
 * recorded only as data go back as `tool_calls`. Tool results the tau2 recipe stored as user messages
 * ("Tool result for …") go back as user messages, as the policy saw them.
 */
export function replayRequest(turns: readonly Turn[], turn: number, tools: unknown): ReplayRequest {
  const target = turns[turn];
  if (!target) throw new Error(`Turn ${turn} does not exist (the sample has ${turns.length} turns).`);
  if (target.role !== 'assistant')
    throw new Error(`Turn ${turn} is a ${target.role} turn; only assistant turns can be replayed.`);
  const messages: ReplayMessage[] = [];
  let callCount = 0;
  // Ids the recorded calls got here, so a result without its own id can still point at its call.
  const pending: string[] = [];
  for (const t of turns.slice(0, turn)) {
    switch (t.role) {
      case 'system':
      case 'user':
        messages.push({ role: t.role, content: t.text });
        break;
      case 'environment':
        // Observations that are neither a user nor a tool message reach a chat model as user text.
        messages.push({ role: 'user', content: t.text });
        break;
      case 'assistant': {
        if (t.analysis !== undefined || t.toolCalls.length === 0) {
          messages.push({ role: 'assistant', content: t.text });
          break;
        }
        const calls = t.toolCalls.map((c) => {
          const id = c.id !== undefined && c.id !== '' ? c.id : `call_${callCount}`;
          callCount++;
          pending.push(id);
          return {
            id,
            type: 'function' as const,
            function: {
              name: c.name,
              arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}),
            },
          };
        });
        messages.push({ role: 'assistant', content: t.text, tool_calls: calls });
        break;
      }
      case 'tool':
        if (t.toolCallId === undefined && parseRecipeToolResult(t.text) !== undefined) {
          messages.push({ role: 'user', content: t.text });
          break;
        }
        if (t.toolCallId !== undefined) {
          const at = pending.indexOf(t.toolCallId);
          if (at >= 0) pending.splice(at, 1);
        }
        messages.push({
          role: 'tool',
          content: t.text,
          tool_call_id: t.toolCallId ?? pending.shift() ?? `call_${callCount++}`,
        });
        break;
    }
  }
  if (!messages.some((m) => m.role === 'user' || m.role === 'tool'))
    throw new Error(`Turn ${turn} has no user or tool message before it: there is nothing to answer.`);
  const system = messages[0]?.role === 'system' ? messages[0].content : undefined;
  const inPrompt = system === undefined ? undefined : toolsFromSystemPrompt(system);
  const toolSpecs = tools === undefined || tools === null ? inPrompt : readTools(tools);
  return {
    messages,
    toolsInPrompt: inPrompt !== undefined,
    tools: (toolSpecs ?? []).map((s) => ({
      type: 'function',
      function: {
        name: s.name,
        ...(s.description !== undefined ? { description: s.description } : {}),
        ...(s.parameters !== undefined ? { parameters: s.parameters } : {}),
      },
    })),
    toolSpecs,
  };
}

function readTools(tools: unknown): ToolSpec[] {
  try {
    return toolsFromJson(tools);
  } catch (e) {
    throw new Error(`The sample's tools cannot be sent: ${(e as Error).message}`, { cause: e });
  }
}
