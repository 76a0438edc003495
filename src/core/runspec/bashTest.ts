// The conditions of `if`/`while` in launch scripts, decided without running anything: `[ … ]`, `[[ … ]]`
// and `test …` over strings and integers. File tests (-f, -d, …) and commands ask about the box, so they
// are undecided (undefined) and the caller says so.

const UNARY_STRING: Record<string, (v: string) => boolean> = {
  '-n': (v) => v !== '',
  '-z': (v) => v === '',
};
const INTEGER: Record<string, (a: number, b: number) => boolean> = {
  '-eq': (a, b) => a === b,
  '-ne': (a, b) => a !== b,
  '-lt': (a, b) => a < b,
  '-le': (a, b) => a <= b,
  '-gt': (a, b) => a > b,
  '-ge': (a, b) => a >= b,
};
const STRING: Record<string, (a: string, b: string) => boolean> = {
  '=': (a, b) => a === b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** argv of `[ … ]`, `[[ … ]]` or `test …` (expanded); true, false, or undefined when it cannot be told. */
export function evaluateTest(argv: readonly string[]): boolean | undefined {
  const [cmd, ...rest] = argv;
  let args = rest;
  if (cmd === '[') {
    if (args[args.length - 1] !== ']') return undefined;
    args = args.slice(0, -1);
  } else if (cmd === '[[') {
    if (args[args.length - 1] !== ']]') return undefined;
    args = args.slice(0, -1);
  } else if (cmd !== 'test') return undefined;
  return expression(args);
}

function expression(args: readonly string[]): boolean | undefined {
  // `&&`/`||` and -a/-o inside one test, left to right as bash's test reads them.
  const split = args.findIndex((a) => a === '&&' || a === '||' || a === '-a' || a === '-o');
  if (split > 0) {
    const left = expression(args.slice(0, split));
    const right = expression(args.slice(split + 1));
    const and = args[split] === '&&' || args[split] === '-a';
    if (left === undefined || right === undefined) {
      if (and && (left === false || right === false)) return false;
      if (!and && (left === true || right === true)) return true;
      return undefined;
    }
    return and ? left && right : left || right;
  }
  if (args[0] === '!') {
    const inner = expression(args.slice(1));
    return inner === undefined ? undefined : !inner;
  }
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const test = UNARY_STRING[args[0] as string];
    return test === undefined ? undefined : test(args[1] as string);
  }
  if (args.length === 3) {
    const [a, op, b] = args as [string, string, string];
    const str = STRING[op];
    if (str !== undefined) return str(a, b);
    const int = INTEGER[op];
    if (int !== undefined) {
      const [x, y] = [Number(a.trim() === '' ? NaN : a), Number(b.trim() === '' ? NaN : b)];
      return Number.isInteger(x) && Number.isInteger(y) ? int(x, y) : undefined;
    }
  }
  return undefined;
}
