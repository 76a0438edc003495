import { JsonLocator } from './jsonLocator';
import { pyJsonDumps } from './pyJsonDumps';
import { mayLoseNumbers, pyJsonTree, pyTreeAt, pyTreeDumps, type PyJsonTree } from './pyJsonExact';
import { tryJsonParse } from './pyJsonLoads';
import { isPlainObject, pyTruthy } from './pythonText';
import { checkArguments } from './schemaCheck';
import { hasChange } from './sglangRelease';
import { quote, report, type TurnContext } from './turnContext';
import type { ParsedCall } from './types';
import { closest } from '../runspec/flagLint';

export interface JsonBlockCalls {
  calls: ParsedCall[];
  /** Call objects SGLang looked at, kept or dropped. */
  count: number;
  /** SGLang's parse_base_json raised: the serving layer then returns no tool calls for the whole turn. */
  threw: boolean;
}

/**
 * SGLang's parse_base_json over one block's decoded JSON: an object or a list of objects, `parameters` as an
 * alias of `arguments`, unknown names dropped, arguments re-serialised whatever their type. `json` is the
 * block's JSON text, starting at `base` in the turn.
 */
export function readJsonCalls(
  ctx: TurnContext,
  value: unknown,
  json: string,
  base: number,
  block: { start: number; end: number },
): JsonBlockCalls {
  const locator = new JsonLocator(json, base);
  const at = (path: (string | number)[], atKey = false): [number, number] =>
    locator.range(path, atKey) ?? [block.start, block.end];
  const items = Array.isArray(value) ? value : [value];
  const out: JsonBlockCalls = { calls: [], count: 0, threw: false };
  // Read again only when a number in the block prints differently in Python (5.0, digits beyond 2^53).
  const exact = mayLoseNumbers(json) ? pyJsonTree(json) : undefined;
  items.forEach((item, index) => {
    const path = Array.isArray(value) ? [index] : [];
    out.count++;
    if (!isPlainObject(item)) {
      if (Array.isArray(value) && hasChange(ctx.profile.sglang, 'qwen25SkipsNonObjects')) {
        report(
          ctx,
          'TC003',
          'error',
          at(path),
          `This entry is ${describe(item)}, not a call object {"name": ..., "arguments": {...}}: SGLang skips it.`,
        );
        return;
      }
      out.threw = true;
      report(
        ctx,
        'TC003',
        'error',
        at(path),
        `The block holds ${describe(item)}, not a call object {"name": ..., "arguments": {...}}: SGLang's parser raises on it and returns no tool calls for the whole turn.`,
      );
      return;
    }
    const call = readCallObject(ctx, item, path, at);
    if (call === 'threw') out.threw = true;
    else if (call !== undefined) {
      const parsed: ParsedCall = {
        name: call.name,
        arguments: call.arguments,
        start: block.start,
        end: block.end,
      };
      const argumentsJson = exact === undefined ? undefined : exactArguments(exact, path, call.key);
      if (argumentsJson !== undefined && argumentsJson !== pyJsonDumps(call.arguments)) {
        parsed.argumentsJson = argumentsJson;
      }
      out.calls.push(parsed);
    }
  });
  return out;
}

type At = (path: (string | number)[], atKey?: boolean) => [number, number];

/** json.dumps of the call's arguments with Python's own numbers; `{}` when the call has none. */
function exactArguments(tree: PyJsonTree, path: (string | number)[], key: string): string | undefined {
  const call = pyTreeAt(tree, path);
  if (!(call instanceof Map)) return undefined;
  const args = call.get(key);
  return args === undefined ? '{}' : pyTreeDumps(args);
}

function readCallObject(
  ctx: TurnContext,
  obj: Record<string, unknown>,
  path: (string | number)[],
  at: At,
): { name: string; arguments: unknown; key: string } | 'threw' | undefined {
  const name = obj.name;
  // Ranges are located only for diagnostics: locating parses the block's JSON a second time.
  const nameRange = (): [number, number] => (Object.hasOwn(obj, 'name') ? at([...path, 'name']) : at(path));
  const args = readArguments(ctx, obj, path, at);
  if (!pyTruthy(name)) {
    report(
      ctx,
      'TC003',
      'error',
      nameRange(),
      `The call has no non-empty string "name": SGLang logs "Model attempted to call undefined function" and drops it. Write {"name": "<tool>", "arguments": {...}}.`,
    );
    return undefined;
  }
  if (typeof name === 'object') {
    report(
      ctx,
      'TC003',
      'error',
      nameRange(),
      `"name" is ${describe(name)}: SGLang's parser raises on it (unhashable) and returns no tool calls for the whole turn. The name must be a string.`,
    );
    return 'threw';
  }
  if (typeof name !== 'string') {
    report(
      ctx,
      'TC003',
      'error',
      nameRange(),
      `"name" is ${describe(name)}, not a string: no tool matches it, so SGLang drops the call.`,
    );
    return undefined;
  }
  const tool = ctx.tools?.get(name);
  if (ctx.tools !== undefined && tool === undefined) {
    const offered = [...ctx.tools.keys()];
    const range = nameRange();
    const near = closest(name, offered);
    report(
      ctx,
      'TC005',
      'error',
      range,
      `${quote(name)} is not among the tools offered to this turn (${offered.length > 0 ? offered.join(', ') : 'none'}): SGLang logs "Model attempted to call undefined function: ${name}" and drops the call.${near ? ` Did you mean ${quote(near)}?` : ''}`,
      near && Object.hasOwn(obj, 'name')
        ? {
            title: `Change to ${near}`,
            edits: [{ start: range[0], end: range[1], newText: JSON.stringify(near) }],
          }
        : undefined,
    );
    return undefined;
  }
  if (tool !== undefined && isPlainObject(args.value)) {
    for (const v of checkArguments(tool, args.value)) {
      report(
        ctx,
        'TC006',
        'error',
        at([...path, args.key, ...v.path], v.atKey),
        `${capitalise(v.message)} for ${quote(name)}: SGLang does not check arguments, so the tool receives them as written. Fix the arguments to match the tool's schema.`,
      );
    }
  }
  return { name, arguments: args.value, key: args.key };
}

function readArguments(
  ctx: TurnContext,
  obj: Record<string, unknown>,
  path: (string | number)[],
  at: At,
): { key: string; value: unknown } {
  // SGLang: act.get("parameters") or act.get("arguments", {}), with Python truthiness.
  const key = pyTruthy(obj.parameters) ? 'parameters' : 'arguments';
  const value = key === 'parameters' ? obj.parameters : Object.hasOwn(obj, 'arguments') ? obj.arguments : {};
  if (key === 'parameters' && Object.hasOwn(obj, 'arguments')) {
    report(
      ctx,
      'TC004',
      'warning',
      at([...path, 'arguments'], true),
      'The call has both "parameters" and "arguments": SGLang takes "parameters" and ignores "arguments". Keep only "arguments".',
    );
  }
  if (typeof value === 'string') reportStringArguments(ctx, value, at([...path, key]));
  else if (!isPlainObject(value)) {
    report(
      ctx,
      'TC004',
      'error',
      at([...path, key]),
      `"${key}" is ${describe(value)}, not a JSON object: SGLang passes it on as ${quote(JSON.stringify(value) ?? 'null')}, and a client expecting an object of arguments fails. Write "arguments": {...}.`,
    );
  }
  return { key, value };
}

function reportStringArguments(ctx: TurnContext, value: string, range: [number, number]): void {
  const decoded = tryJsonParse(value);
  if (!decoded.ok || !isPlainObject(decoded.value)) {
    report(
      ctx,
      'TC004',
      'error',
      range,
      'The arguments are a string, not a JSON object: SGLang passes the string on, and a client expecting an object of arguments fails. Write "arguments": {...}.',
    );
    return;
  }
  // The tau2 recipe's own parser accepts an arguments object written as a JSON string; SGLang does not.
  const singleCall = ctx.profile.policy === 'single-call';
  report(
    ctx,
    'TC004',
    singleCall ? 'warning' : 'error',
    range,
    `The arguments object is double-encoded as a JSON string: SGLang passes it on encoded twice, so a client's JSON.parse yields a string instead of an object${singleCall ? ' (the tau2 recipe tolerates it)' : ''}. Write the object itself.`,
    { title: 'Unwrap double-encoded arguments', edits: [{ start: range[0], end: range[1], newText: value }] },
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
