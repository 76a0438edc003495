// Python's json.dumps(value, ensure_ascii=False), the text SGLang puts in `function.arguments`. Values here
// are JavaScript values, so a number that Python holds as the float 5.0 prints as 5, and an int beyond 2^53
// prints as the shortest digits of the nearest double; pyJsonExact.ts reads such numbers from the text.

export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? pyIntText(value) : pyFloatRepr(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  const entries = Object.entries(value);
  return `{${entries.map(([k, v]) => `${JSON.stringify(String(k))}: ${pyJsonDumps(v)}`).join(', ')}}`;
}

/** The digits a JavaScript number was most likely written with; all of them once it needs an exponent. */
function pyIntText(n: number): string {
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/** float.__repr__: shortest digits, fixed notation for 1e-4 <= |x| < 1e16, else d.ddde+XX. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = ''] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const whole = digits.padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${whole.slice(0, exp + 1)}.${frac === '' ? '0' : frac}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
