import { pairToolResults } from './pairToolResults';
import { parseRecipeToolResult } from './recipeToolResult';
import type { ToolCall, Turn, TurnRole } from './turn';

// Chat messages → turns, for every chat-shaped source: OpenAI chat (SFT datasets), tau2 messages, the
// slime recipe's prompt list and the tap's messages.

export type ReportProblem = (path: string, message: string) => void;

const ROLES: Record<string, TurnRole> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  gpt: 'assistant',
  tool: 'tool',
  function: 'tool',
  ipython: 'tool',
  environment: 'environment',
  observation: 'environment',
};

export function turnsFromMessages(
  messages: readonly unknown[],
  report: ReportProblem,
  prefix = 'messages',
): Turn[] {
  const turns: Turn[] = [];
  for (const [i, message] of messages.entries()) {
    const path = `${prefix}[${i}]`;
    if (!isRecord(message)) {
      report(path, 'message is not an object; skipped');
      continue;
    }
    const roleName = typeof message.role === 'string' ? message.role : message.from;
    const role = typeof roleName === 'string' ? ROLES[roleName] : undefined;
    if (role === undefined) {
      report(`${path}.role`, `unknown role ${JSON.stringify(roleName)}; message skipped`);
      continue;
    }
    const text = contentText(message.content ?? message.value, `${path}.content`, report);
    const turn: Turn = { role, text, toolCalls: [] };
    const trainable = trainableFlag(message);
    if (trainable !== undefined) turn.trainable = trainable;
    // snake_case from OpenAI and tau2, camelCase from the tap's own records.
    const rawCalls = message.tool_calls ?? message.toolCalls;
    if (Array.isArray(rawCalls)) {
      turn.toolCalls = readToolCalls(rawCalls, `${path}.tool_calls`, report);
    }
    const recipe = role === 'user' ? parseRecipeToolResult(text) : undefined;
    if (recipe !== undefined) {
      turn.role = 'tool';
      turn.toolName = recipe.name;
      turn.isError = recipe.isError;
    } else if (role === 'tool') {
      readToolResult(turn, message);
    }
    turns.push(turn);
  }
  pairToolResults(turns);
  return turns;
}

function readToolResult(turn: Turn, message: Record<string, unknown>): void {
  const id = message.tool_call_id ?? message.toolCallId ?? message.id;
  if (typeof id === 'string' && id !== '') turn.toolCallId = id;
  const name = message.name ?? message.toolName;
  if (typeof name === 'string') turn.toolName = name;
  const requestor = message.requestor;
  if (requestor === 'assistant' || requestor === 'user') turn.requestor = requestor;
  // tau2 marks failed tools with error: true; other sources only have the "Error:" text convention.
  turn.isError = typeof message.error === 'boolean' ? message.error : /^\s*Error:/.test(turn.text);
}

function readToolCalls(raw: unknown[], path: string, report: ReportProblem): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const [j, c] of raw.entries()) {
    const at = `${path}[${j}]`;
    if (!isRecord(c)) {
      report(at, 'tool call is not an object; skipped');
      continue;
    }
    // OpenAI: {id, type, function: {name, arguments: "<json string>"}}; tau2: {id, name, arguments: {...}}.
    const fn = isRecord(c.function) ? c.function : c;
    if (typeof fn.name !== 'string') {
      report(`${at}.name`, 'tool call has no string name; skipped');
      continue;
    }
    const call: ToolCall = {
      name: fn.name,
      arguments: decodeArguments(fn.arguments, `${at}.arguments`, report),
    };
    if (typeof c.id === 'string') call.id = c.id;
    if (c.requestor === 'assistant' || c.requestor === 'user') call.requestor = c.requestor;
    calls.push(call);
  }
  return calls;
}

function decodeArguments(raw: unknown, path: string, report: ReportProblem): unknown {
  if (typeof raw !== 'string') return raw ?? {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // Kept as the raw string: what the model produced is the interesting part of a broken call.
    report(path, 'arguments string is not JSON; kept as text');
    return raw;
  }
}

function contentText(content: unknown, path: string, report: ReportProblem): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    // OpenAI content parts: only text parts carry text; images and audio are left out.
    return content
      .map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : ''))
      .filter((t) => t !== '')
      .join('\n');
  }
  report(path, 'content is neither text nor a list of parts; read as empty');
  return '';
}

function trainableFlag(message: Record<string, unknown>): boolean | undefined {
  if (typeof message.trainable === 'boolean') return message.trainable;
  // OpenAI fine-tuning datasets say `weight: 0` for assistant messages that are not trained on.
  if (message.weight === 0 || message.weight === 1) return message.weight === 1;
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
