import { coderParamType } from './coderParamType';
import { pyFloatRepr, pyJsonDumps } from './pyJsonDumps';
import { mayLoseNumbers, pyJsonTree, pyTreeDumps, type PyJsonTree } from './pyJsonExact';
import { pyJsonLoads } from './pyJsonLoads';
import { NotALiteral, pyLiteralEval } from './pyLiteral';
import { pyStrip } from './pythonText';
import { hasChange } from './sglangRelease';

/** A converted parameter value, the json.dumps text SGLang writes for it, and when SGLang degraded it, why. */
export interface CoderValue {
  value: unknown;
  /** Exact: an int keeps all its digits here even where `value` is the nearest double. */
  json: string;
  problem?: string;
}

const INT = /^[+-]?\d(?:_?\d)*$/;

/**
 * The qwen3_coder detector receives every `<parameter=K>` value as text and converts it by the type that
 * the tool's schema declares for K, degrading quietly when conversion fails. `properties` is what SGLang
 * looks K up in (coderProperties); `release` selects the SGLang release's rules.
 */
export function convertCoderValue(
  raw: string,
  key: string,
  properties: Record<string, unknown>,
  release: string | undefined,
): CoderValue {
  if (raw.toLowerCase() === 'null') return { value: null, json: 'null' };
  if (!Object.hasOwn(properties, key)) return asString(raw);
  const type = coderParamType(properties[key], release);
  if (['string', 'str', 'text', 'varchar', 'char', 'enum'].includes(type)) return asString(raw);
  if (['int', 'uint', 'long', 'short', 'unsigned'].some((p) => type.startsWith(p))) {
    const int = pyInt(raw);
    if (int !== undefined) return int;
    return { ...asString(raw), problem: `'${raw}' is not an integer, so SGLang passes it on as a string` };
  }
  if (type.startsWith('num') || type.startsWith('float')) return convertFloat(raw, release);
  if (['boolean', 'bool', 'binary'].includes(type)) {
    const lower = raw.toLowerCase();
    if (lower === 'true' || lower === 'false') return { value: lower === 'true', json: lower };
    return {
      value: false,
      json: 'false',
      problem: `'${raw}' is not true or false, so SGLang turns it into false`,
    };
  }
  const nonFiniteAsString = hasChange(release, 'coderNonFiniteAsString');
  if (['object', 'array', 'arr'].includes(type) || type.startsWith('dict') || type.startsWith('list')) {
    const json = pyJsonLoads(raw);
    if (json.ok) {
      const converted = structure(raw, json.value, nonFiniteAsString);
      if (converted.value === raw || !mayLoseNumbers(raw)) return converted;
      // Python's own numbers: digits beyond 2^53 kept, 5.0 stays a float.
      const tree = pyJsonTree(raw);
      return tree === undefined ? converted : { ...converted, json: pyTreeDumps(tree) };
    }
  }
  try {
    const converted = structure(raw, pyLiteralEval(raw), nonFiniteAsString);
    if (converted.value === raw || !mayLoseNumbers(raw)) return converted;
    return { ...converted, json: pyTreeDumps(pyLiteralEval(raw, true) as PyJsonTree) };
  } catch (e) {
    if (!(e instanceof NotALiteral)) throw e;
    return {
      ...asString(raw),
      problem: `'${raw}' is neither JSON nor a Python literal, so SGLang keeps it as a string`,
    };
  }
}

function asString(raw: string): CoderValue {
  return { value: raw, json: JSON.stringify(raw) };
}

function structure(raw: string, value: unknown, nonFiniteAsString: boolean): CoderValue {
  if (nonFiniteAsString && holdsNonFinite(value)) {
    return { ...asString(raw), problem: `'${raw}' holds inf or nan, so SGLang keeps it as a string` };
  }
  return { value, json: pyJsonDumps(value) };
}

/** Python's int(text): surrounding whitespace and digit-separating underscores allowed; all digits kept. */
function pyInt(raw: string): CoderValue | undefined {
  const text = pyStrip(raw).replace(/_/g, '');
  if (!INT.test(pyStrip(raw))) return undefined;
  // Python refuses to convert integers of more than 4300 digits (sys.int_info.default_max_str_digits).
  if (text.replace(/^[+-]/, '').length > 4300) return undefined;
  const exact = BigInt(text).toString();
  return { value: Number(exact), json: exact };
}

function convertFloat(raw: string, release: string | undefined): CoderValue {
  const text = pyStrip(raw);
  const numeric =
    /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)$/.test(text);
  const special = /^[+-]?(?:inf|infinity|nan)$/i.test(text);
  if (!numeric && !special) {
    return { ...asString(raw), problem: `'${raw}' is not a number, so SGLang passes it on as a string` };
  }
  const value = special ? specialFloat(text) : Number(text.replace(/_/g, ''));
  if (!Number.isFinite(value) && hasChange(release, 'coderNonFiniteAsString')) {
    return { ...asString(raw), problem: `'${raw}' is inf or nan, so SGLang keeps it as a string` };
  }
  // SGLang turns a float without '.' or 'e' that is a whole number into an int.
  const wholeLiteral = !raw.includes('.') && !raw.toLowerCase().includes('e');
  if (wholeLiteral && Number.isInteger(value)) {
    if (hasChange(release, 'coderExactNumbers') && INT.test(text)) return pyInt(raw) ?? asString(raw);
    return { value, json: BigInt(value).toString() };
  }
  return { value, json: pyFloatRepr(value) };
}

function specialFloat(text: string): number {
  if (/nan/i.test(text)) return NaN;
  return text.startsWith('-') ? -Infinity : Infinity;
}

function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(holdsNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsNonFinite);
  return false;
}
