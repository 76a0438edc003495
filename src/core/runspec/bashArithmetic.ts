// bash arithmetic `$(( … ))` and `(( … ))` over integers, read without running anything: numbers,
// variables ($X, ${X} or a bare X), + - * / % **, comparisons, ! && ||, unary signs and parentheses.
// Anything else (assignments, ++, bit operators) is not read: the caller reports it.

/** The value, or undefined when the expression uses something this reader does not take. */
export function evaluateArithmetic(
  expr: string,
  lookup: (name: string) => string | undefined,
): number | undefined {
  const tokens =
    expr.match(
      /\*\*|<=|>=|==|!=|&&|\|\||\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$?[A-Za-z_][A-Za-z0-9_]*|\d+|[-+*/%()<>!]|\S/g,
    ) ?? [];
  let at = 0;
  const fail = Symbol('fail');
  const peek = () => tokens[at];
  const atom = (): number => {
    const t = tokens[at++];
    if (t === undefined) throw fail;
    if (t === '(') {
      const v = or();
      if (tokens[at++] !== ')') throw fail;
      return v;
    }
    if (t === '-' || t === '+') return t === '-' ? -atom() : atom();
    if (t === '!') return atom() === 0 ? 1 : 0;
    if (/^\d+$/.test(t)) return Number(t);
    const name = /^\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(t)?.[1];
    if (name === undefined) throw fail;
    // bash reads an unset or empty variable as 0, and a variable's text as an expression of its own.
    const text = lookup(name);
    if (text === undefined || text.trim() === '') return 0;
    const v = evaluateArithmetic(text, lookup);
    if (v === undefined) throw fail;
    return v;
  };
  const power = (): number => {
    const base = atom();
    if (peek() !== '**') return base;
    at++;
    return base ** power();
  };
  const product = (): number => {
    let v = power();
    for (let op = peek(); op === '*' || op === '/' || op === '%'; op = peek()) {
      at++;
      const r = power();
      if (op !== '*' && r === 0) throw fail;
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      at++;
      v = op === '+' ? v + product() : v - product();
    }
    return v;
  };
  const compare = (): number => {
    const v = sum();
    const op = peek();
    if (op !== '<' && op !== '>' && op !== '<=' && op !== '>=' && op !== '==' && op !== '!=') return v;
    at++;
    const r = sum();
    const truth = { '<': v < r, '>': v > r, '<=': v <= r, '>=': v >= r, '==': v === r, '!=': v !== r }[op];
    return truth ? 1 : 0;
  };
  const and = (): number => {
    let v = compare();
    while (peek() === '&&') {
      at++;
      const r = compare();
      v = v !== 0 && r !== 0 ? 1 : 0;
    }
    return v;
  };
  const or = (): number => {
    let v = and();
    while (peek() === '||') {
      at++;
      const r = and();
      v = v !== 0 || r !== 0 ? 1 : 0;
    }
    return v;
  };
  try {
    const v = or();
    return at === tokens.length && Number.isSafeInteger(v) ? v : undefined;
  } catch (e) {
    if (e === fail) return undefined;
    throw e;
  }
}
