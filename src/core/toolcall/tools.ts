import type { ToolSpec } from './types';

/**
 * Reads the tools offered to a model from any of the shapes they are stored in: an OpenAI `tools` array
 * (`{type:'function', function:{name, description, parameters}}`), bare `{name, parameters}` objects, a file
 * holding `{tools:[...]}`, or tau2's `environment_info.tool_defs` (an object keyed by tool name).
 */
export function toolsFromJson(value: unknown): ToolSpec[] {
  if (Array.isArray(value)) return value.map((v, i) => toolFromJson(v, `tools[${i}]`));
  if (isRecord(value)) {
    if (Array.isArray(value.tools)) return toolsFromJson(value.tools);
    if (looksLikeTool(value)) return [toolFromJson(value, 'tool')];
    return Object.entries(value).map(([key, v]) => toolFromJson(v, `tool_defs.${key}`, key));
  }
  throw new Error(
    `Tools must be a JSON array of tools or an object of tool definitions, got ${describe(value)}.`,
  );
}

function toolFromJson(value: unknown, where: string, keyName?: string): ToolSpec {
  if (!isRecord(value)) throw new Error(`${where} must be an object, got ${describe(value)}.`);
  const fn = isRecord(value.function) ? value.function : value;
  const name = fn.name ?? keyName;
  if (typeof name !== 'string' || name === '') {
    throw new Error(
      `${where} has no non-empty string 'name' (expected {type:'function', function:{name, ...}}).`,
    );
  }
  const spec: ToolSpec = { name };
  if (typeof fn.description === 'string') spec.description = fn.description;
  if (fn.parameters !== undefined) {
    if (!isRecord(fn.parameters) && typeof fn.parameters !== 'boolean') {
      throw new Error(`${where} ('${name}') has 'parameters' that is not a JSON Schema object.`);
    }
    spec.parameters = fn.parameters;
  }
  return spec;
}

function looksLikeTool(value: Record<string, unknown>): boolean {
  return typeof value.name === 'string' || isRecord(value.function);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The tools of the first of a JSONL dataset's first lines that names any: what its records offer the
 * model, for a playground opened beside it. undefined when none of them does, or theirs cannot be read.
 */
export function toolsOfJsonl(text: string, lines = 50): ToolSpec[] | undefined {
  let start = 0;
  for (let i = 0; i < lines && start < text.length; i++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length : end + 1;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(record) || record.tools === undefined) continue;
    try {
      return toolsFromJson(record.tools);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
