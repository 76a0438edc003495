import { isPlainObject } from './pythonText';
import { hasChange } from './sglangRelease';

// How SGLang's qwen3_coder detector decides the type a `<parameter=K>` value is converted to, release by
// release: first `str(config["type"])` alone, from 0.5.17 infer_type_from_json_schema
// (function_call/utils.py), and from 0.5.13 on the server rewrites DB type names in the schema first
// (normalize_json_schema_types).

/** Where SGLang looks parameter schemas up: `properties`, from 0.5.19 also anyOf/oneOf/allOf branches, else the schema itself. */
export function coderProperties(schema: unknown, release: string | undefined): Record<string, unknown> {
  if (!isPlainObject(schema)) return {};
  if (!hasChange(release, 'coderBranchProperties')) {
    if (Object.hasOwn(schema, 'properties')) return isPlainObject(schema.properties) ? schema.properties : {};
    return schema;
  }
  const found = branchProperties(schema);
  return Object.keys(found).length > 0 || Object.hasOwn(schema, 'properties') ? found : schema;
}

function branchProperties(schema: unknown): Record<string, unknown> {
  if (!isPlainObject(schema)) return {};
  if (isPlainObject(schema.properties)) return schema.properties;
  const merged: Record<string, unknown> = {};
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      for (const [k, v] of Object.entries(branchProperties(branch)))
        if (!Object.hasOwn(merged, k)) merged[k] = v;
    }
  }
  return merged;
}

/** The lower-cased type name SGLang converts a parameter by. */
export function coderParamType(config: unknown, release: string | undefined): string {
  const aliases = hasChange(release, 'schemaTypeAliases');
  if (!hasChange(release, 'coderInferredTypes')) {
    if (!isPlainObject(config) || !Object.hasOwn(config, 'type')) return 'string';
    return pyStr(aliases ? normalizeType(config.type) : config.type)
      .trim()
      .toLowerCase();
  }
  const inferred = inferType(config, aliases);
  return inferred === undefined ? 'string' : pyStr(inferred).trim().toLowerCase();
}

/** infer_type_from_json_schema; undefined where Python returns None. */
function inferType(schema: unknown, aliases: boolean): unknown {
  if (!isPlainObject(schema)) return undefined;
  if (Object.hasOwn(schema, 'type')) {
    const type = aliases ? normalizeType(schema.type) : schema.type;
    if (typeof type === 'string') return type;
    if (Array.isArray(type) && type.length > 0) return type.find((t) => t !== 'null') ?? 'string';
  }
  if (Object.hasOwn(schema, 'anyOf') || Object.hasOwn(schema, 'oneOf')) {
    const branches = pyTruthy(schema.anyOf) ? schema.anyOf : schema.oneOf;
    if (Array.isArray(branches)) {
      const types = branches.map((b) => inferType(b, aliases)).filter((t) => t !== undefined && t !== '');
      const distinct = [...new Set(types)];
      if (distinct.length === 1) return types[0];
      if (distinct.length === 2 && distinct.includes('null')) return types.find((t) => t !== 'null');
      if (distinct.includes('string')) return 'string';
      if (types.length > 0) return types[0];
    }
  }
  if (Array.isArray(schema.enum)) {
    if (schema.enum.length === 0) return 'string';
    const kinds = new Set(schema.enum.map(enumKind));
    return kinds.size === 1 ? [...kinds][0] : 'string';
  }
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) {
      const t = inferType(branch, aliases);
      if (t !== undefined && t !== '' && t !== 'string') return t;
    }
    return 'string';
  }
  if (Object.hasOwn(schema, 'properties')) return 'object';
  if (Object.hasOwn(schema, 'items')) return 'array';
  return undefined;
}

function pyTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== false;
}

function enumKind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

const STANDARD = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer']);
const ALIASES: Record<string, string> = {
  str: 'string',
  text: 'string',
  varchar: 'string',
  char: 'string',
  enum: 'string',
  uuid: 'string',
  date: 'string',
  datetime: 'string',
  time: 'string',
  timestamp: 'string',
  binary: 'string',
  blob: 'string',
  bytea: 'string',
  bytes: 'string',
  varbinary: 'string',
  bool: 'boolean',
  bigint: 'integer',
  smallint: 'integer',
  tinyint: 'integer',
  double: 'number',
  decimal: 'number',
  real: 'number',
  numeric: 'number',
  arr: 'array',
  tuple: 'array',
  set: 'array',
  map: 'object',
};
const PREFIXES: [string[], string][] = [
  [['int', 'uint', 'long', 'short', 'unsigned'], 'integer'],
  [['num', 'float'], 'number'],
  [['list'], 'array'],
  [['dict'], 'object'],
];

/** normalize_json_schema_types on one `type` value (a name or a list of names). */
function normalizeType(raw: unknown): unknown {
  if (Array.isArray(raw)) return [...new Set(raw.map(normalizeName))];
  return normalizeName(raw);
}

function normalizeName(raw: unknown): unknown {
  if (typeof raw !== 'string' || STANDARD.has(raw)) return raw;
  const base = (raw.split('(', 1)[0] ?? '').trim().toLowerCase();
  if (STANDARD.has(base)) return base;
  if (Object.hasOwn(ALIASES, base)) return ALIASES[base];
  for (const [prefixes, target] of PREFIXES) {
    // A prefix counts when it is the whole name or is followed by a digit, bracket or space (int32, list[str]).
    if (
      prefixes.some((p) => base === p || (base.startsWith(p) && /[0-9[<( \t]/.test(base.charAt(p.length))))
    ) {
      return target;
    }
  }
  return raw;
}

/** Python's str() of a JSON value, including how a list of types prints. */
function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return `[${value.map((v) => (typeof v === 'string' ? `'${v}'` : pyStr(v))).join(', ')}]`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
