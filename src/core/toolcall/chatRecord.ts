import { isPlainObject } from './pythonText';
import { toolsFromSystemPrompt } from './systemPromptTools';
import { toolsFromJson } from './tools';
import type { ToolSpec } from './types';

/** One assistant turn found in a record: its raw text and where that text sits in the record's JSON. */
export interface RecordTurn {
  /** 0-based index of the message in its list. */
  message: number;
  text: string;
  /** JSON path of the string holding the text; undefined when the text was joined from several parts. */
  path: readonly (string | number)[] | undefined;
  finishReason?: 'length';
}

export interface RecordTools {
  /** undefined when the record names no tools, or they cannot be read. */
  tools: ToolSpec[] | undefined;
  /** Why the record's tools could not be read, when it has some. */
  toolsProblem?: string;
}

export interface RecordTurns extends RecordTools {
  turns: RecordTurn[];
}

/** A record that cannot be read at all; the message names the field. */
export class RecordError extends Error {}

/**
 * The assistant turns of one record: an OpenAI chat record `{messages, tools?}`, or a slime sample record
 * `{prompt, response?, status?}` whose tools are in the system prompt text (the tau2 recipe's). `known` is
 * the record's tools when the caller has already read them.
 */
export function turnsOfRecord(value: unknown, known?: RecordTools): RecordTurns {
  if (!isPlainObject(value))
    throw new RecordError(`expected a JSON object (a chat record), got ${kind(value)}`);
  // A tap file's step and status records hold no turns; its sample records are chat records with a status.
  if (isTapRecord(value) && value.kind !== 'sample') return { turns: [], tools: undefined };
  if (Array.isArray(value.messages)) {
    const turns = assistantTurns(value.messages, ['messages']);
    markTruncated(value, turns);
    return withTools(value, turns, value.messages, known);
  }
  if (Array.isArray(value.prompt)) {
    const turns = assistantTurns(value.prompt, ['prompt']);
    if (turns.length === 0 && typeof value.response === 'string') {
      turns.push({ message: value.prompt.length, text: value.response, path: ['response'] });
    }
    markTruncated(value, turns);
    return withTools(value, turns, value.prompt, known);
  }
  if (typeof value.prompt === 'string' && typeof value.response === 'string') {
    const turns: RecordTurn[] = [{ message: 0, text: value.response, path: ['response'] }];
    markTruncated(value, turns);
    return withTools(value, turns, [], known);
  }
  throw new RecordError(
    "no 'messages' array (OpenAI chat record) and no 'prompt' array or 'prompt'/'response' strings (slime sample record)",
  );
}

export function assistantTurns(messages: readonly unknown[], base: (string | number)[]): RecordTurn[] {
  const turns: RecordTurn[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isPlainObject(m)) throw new RecordError(`${where(base, i)} is ${kind(m)}, not a message object`);
    if (m.role !== 'assistant') continue;
    // The common case first: building the field's name for error messages costs more than reading it.
    if (typeof m.content === 'string') {
      turns.push({ message: i, text: m.content, path: contentPath(base, i) });
      continue;
    }
    const turn = contentOf(m.content, [...base, i, 'content'], where(base, i));
    if (turn !== undefined) turns.push({ message: i, text: turn.text, path: turn.path });
  }
  return turns;
}

// Paths of `messages[i].content`, shared by all records: every linted turn keeps its path, and a dataset's
// records repeat the same few. Frozen, since they are shared.
const contentPaths = new Map<string | number, (readonly (string | number)[])[]>();

function contentPath(base: (string | number)[], i: number): readonly (string | number)[] {
  const head = base[0];
  if (base.length !== 1 || head === undefined) return [...base, i, 'content'];
  let paths = contentPaths.get(head);
  if (paths === undefined) contentPaths.set(head, (paths = []));
  return (paths[i] ??= Object.freeze([head, i, 'content']));
}

function where(base: (string | number)[], i: number): string {
  return `${base.join('.')}[${i}]`;
}

/** A message's content as text: a string, or an array of text parts. null means there is no text. */
export function contentOf(
  content: unknown,
  path: (string | number)[],
  where: string,
): { text: string; path: (string | number)[] | undefined } | undefined {
  if (content === null || content === undefined) return undefined;
  if (typeof content === 'string') return { text: content, path };
  if (Array.isArray(content)) {
    const texts = content.map((part, j) => {
      if (!isPlainObject(part) || typeof part.text !== 'string') {
        throw new RecordError(`${where}.content[${j}] is not a text part {type:'text', text}`);
      }
      return part.text;
    });
    return { text: texts.join(''), path: texts.length === 1 ? [...path, 0, 'text'] : undefined };
  }
  throw new RecordError(`${where}.content is ${kind(content)}, not a string`);
}

function withTools(
  record: Record<string, unknown>,
  turns: RecordTurn[],
  messages: readonly unknown[],
  known: RecordTools | undefined,
): RecordTurns {
  if (known !== undefined) {
    return known.toolsProblem === undefined
      ? { turns, tools: known.tools }
      : { turns, tools: known.tools, toolsProblem: known.toolsProblem };
  }
  if (record.tools !== undefined && record.tools !== null) {
    try {
      return { turns, tools: toolsFromJson(record.tools) };
    } catch (e) {
      return { turns, tools: undefined, toolsProblem: `tools: ${(e as Error).message}` };
    }
  }
  const system = messages[0];
  if (isPlainObject(system) && system.role === 'system' && typeof system.content === 'string') {
    return { turns, tools: toolsFromSystemPrompt(system.content) };
  }
  return { turns, tools: undefined };
}

/** A truncated sample ended on max tokens, so its last assistant turn finished by length. */
function markTruncated(record: Record<string, unknown>, turns: RecordTurn[]): void {
  const last = turns[turns.length - 1];
  if (last !== undefined && typeof record.status === 'string' && /truncated/i.test(record.status)) {
    last.finishReason = 'length';
  }
}

/** A record the tap wrote (src/core/records/tapRecord.ts): a versioned sample, step or tap-status record. */
function isTapRecord(value: Record<string, unknown>): boolean {
  return typeof value.v === 'number' && ['sample', 'step', 'tap'].includes(value.kind as string);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
