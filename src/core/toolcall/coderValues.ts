import { pyJsonLoads } from './pyJsonLoads';
import { NotALiteral, pyLiteralEval } from './pyLiteral';
import { isPlainObject, pyStrip } from './pythonText';

/** A converted parameter value, and when SGLang had to degrade it, why. */
export interface CoderValue {
  value: unknown;
  problem?: string;
}

/**
 * The qwen3_coder detector receives every `<parameter=K>` value as text and converts it by the type that
 * the tool's schema declares for K, degrading quietly when conversion fails. `properties` is what SGLang
 * looks K up in: the schema's `properties`, or the schema itself when it has none.
 */
export function convertCoderValue(raw: string, key: string, properties: Record<string, unknown>): CoderValue {
  if (raw.toLowerCase() === 'null') return { value: null };
  if (!Object.hasOwn(properties, key)) return { value: raw };
  const type = declaredType(properties[key]);
  if (['string', 'str', 'text', 'varchar', 'char', 'enum'].includes(type)) return { value: raw };
  if (['int', 'uint', 'long', 'short', 'unsigned'].some((p) => type.startsWith(p))) {
    const text = pyStrip(raw);
    if (/^[+-]?\d(?:_?\d)*$/.test(text)) return { value: Number(text.replace(/_/g, '')) };
    return { value: raw, problem: `'${raw}' is not an integer, so SGLang passes it on as a string` };
  }
  if (type.startsWith('num') || type.startsWith('float')) return convertFloat(raw);
  if (['boolean', 'bool', 'binary'].includes(type)) {
    const lower = raw.toLowerCase();
    if (lower === 'true' || lower === 'false') return { value: lower === 'true' };
    return { value: false, problem: `'${raw}' is not true or false, so SGLang turns it into false` };
  }
  if (['object', 'array', 'arr'].includes(type) || type.startsWith('dict') || type.startsWith('list')) {
    const json = pyJsonLoads(raw);
    if (json.ok) return { value: json.value };
  }
  try {
    return { value: pyLiteralEval(raw) };
  } catch (e) {
    if (!(e instanceof NotALiteral)) throw e;
    return {
      value: raw,
      problem: `'${raw}' is neither JSON nor a Python literal, so SGLang keeps it as a string`,
    };
  }
}

function convertFloat(raw: string): CoderValue {
  const text = pyStrip(raw);
  const numeric =
    /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)$/.test(text);
  const special = /^[+-]?(?:inf|infinity|nan)$/i.test(text);
  if (!numeric && !special) {
    return { value: raw, problem: `'${raw}' is not a number, so SGLang passes it on as a string` };
  }
  const value = special ? specialFloat(text) : Number(text.replace(/_/g, ''));
  // Python keeps 5.0 a float but json.dumps then writes 5.0; both read back as the JavaScript number 5.
  return { value };
}

function specialFloat(text: string): number {
  if (/nan/i.test(text)) return NaN;
  return text.startsWith('-') ? -Infinity : Infinity;
}

/** Python's str(config["type"]).strip().lower(), including how a list of types prints. */
function declaredType(config: unknown): string {
  if (!isPlainObject(config) || !Object.hasOwn(config, 'type')) return 'string';
  return pyStr(config.type).trim().toLowerCase();
}

function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return `[${value.map((v) => (typeof v === 'string' ? `'${v}'` : pyStr(v))).join(', ')}]`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
