import { posix } from 'node:path';
import { expandWord } from './bashExpand';
import type { ExpandContext, Value } from './bashExpand';
import { tokenize } from './bashWords';
import type { Word } from './bashWords';
import { evaluateArithmetic } from './bashArithmetic';
import { evaluateTest } from './bashTest';
import { scriptBlocks } from './scriptBlocks';
import type { CommandItem, Condition, ScriptNode } from './scriptBlocks';
import { BUNDLED_FLAGS } from './flagTable';
import { reservedEnvProblem } from './reservedEnv';
import { isSecretName, secretNames } from './secretRef';
import type { FlagValue, RunSpecInput } from './runSpec';

export interface ImportProblem {
  line: number;
  message: string;
  /** The sourced file the line is in; absent for the script itself. */
  file?: string;
}

export interface ImportedScript {
  spec: RunSpecInput;
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** Text of a file the script sources (`source scripts/models/qwen3-4B.sh`), or undefined if unreadable. */
  readSourced?: (path: string) => string | undefined;
}

// Commands slime scripts run that a Rollout Studio launch must never repeat on a shared box.
const DESTRUCTIVE = new Set(['pkill', 'killall']);
const IGNORED = new Set([
  'set',
  'echo',
  'sleep',
  'nvidia-smi',
  'wait',
  'cd',
  'mkdir',
  'true',
  'false',
  'exit',
  'ulimit',
  'tee',
]);

/**
 * Reads a slime bash launch script into a RunSpec: bash arrays of flags, `source`d model files,
 * `ray start --head` and `ray job submit … -- python3 train.py …` (or a direct `python3 train.py …`).
 * Nothing is executed; whatever cannot be read statically is reported with its line.
 */
export function importLaunchScript(
  script: string,
  scriptPath: string,
  options: ImportOptions = {},
): ImportedScript {
  const problems: ImportProblem[] = [];
  const reported = new Set<string>();
  const state: State = {
    vars: new Map(),
    exported: new Set(),
    problems,
    reported,
    options,
    depth: 0,
    flagSecrets: [],
  };
  interpret(script, scriptPath, state);
  const name = posix.basename(scriptPath).replace(/\.sh$/, '') || 'imported-run';
  if (!state.entry) {
    problems.push({
      line: 0,
      message: 'No `python3 train.py …` or `ray job submit … -- python3 train.py …` command was found.',
    });
  }
  const env: Record<string, string> = {};
  const secretEnv: string[] = [];
  // Names launch.sh keeps for itself (reservedEnv.ts) would make the spec invalid: left out, said once.
  const leftOut = new Set<string>();
  const reserved = (k: string): boolean => {
    const problem = reservedEnvProblem(k);
    if (problem && !leftOut.has(k)) {
      leftOut.add(k);
      problems.push({ line: 0, message: `Left out ${k}: ${problem}` });
    }
    return problem !== undefined;
  };
  const addSecret = (k: string) => {
    if (!reserved(k) && !secretEnv.includes(k)) secretEnv.push(k);
  };
  const addEnv = (k: string, v: string) => {
    if (reserved(k)) return;
    const refs = secretNames(v);
    if (isSecretName(k)) addSecret(k);
    else if (refs.length > 0) {
      problems.push({
        line: 0,
        message: `${k} is built from ${refs.map((r) => `$${r}`).join(', ')}, which look like secrets: it was left out of env. Set it on the box, or pass the secret itself by name.`,
      });
    } else env[k] = v;
    refs.forEach(addSecret);
  };
  for (const k of state.flagSecrets) addSecret(k);
  for (const k of state.exported) {
    const v = state.vars.get(k);
    if (typeof v === 'string' && !['MASTER_ADDR'].includes(k)) addEnv(k, v);
  }
  for (const [k, v] of Object.entries(state.runtimeEnv?.env_vars ?? {})) addEnv(k, String(v));
  for (const [k, v] of Object.entries(state.entryEnv ?? {})) addEnv(k, v);
  if (secretEnv.length > 0)
    problems.push({
      line: 0,
      message: `${secretEnv.join(', ')} look like secrets: only their names were kept (secretEnv); their values come from secret storage.`,
    });
  const workdir = workdirOf(state) ?? state.entry?.dir;
  if (typeof workdir !== 'string')
    problems.push({
      line: 0,
      message: 'slime scripts run from the slime checkout; set `workdir` to that directory on the box.',
    });
  const spec: RunSpecInput = {
    name,
    box: 'local',
    workdir: typeof workdir === 'string' ? workdir : BOX_WORKDIR,
    entry: state.entry?.script ?? 'train.py',
    python: state.entry?.python ?? 'python3',
    args: state.entry?.args ?? {},
    env,
    secretEnv,
    ray: state.ray ?? { mode: 'direct' },
    tap: true,
  };
  return { spec, problems };
}

/** Where slime's Docker image and scripts put the checkout. */
const BOX_WORKDIR = '/root/slime';

/** The checkout the script names: Ray's working_dir, or the REPO_ROOT slime's scripts set. */
function workdirOf(state: State): string | undefined {
  const dir = state.runtimeEnv?.working_dir ?? state.vars.get('REPO_ROOT');
  return typeof dir === 'string' && dir !== '' ? posix.normalize(dir).replace(/(.)\/$/, '$1') : undefined;
}

interface State {
  vars: Map<string, Value>;
  exported: Set<string>;
  problems: ImportProblem[];
  reported: Set<string>;
  options: ImportOptions;
  depth: number;
  /** The sourced file being read; undefined for the script itself. */
  file?: string;
  /** Assignments written before the entry command (`VAR=x python3 train.py`): its environment only. */
  entryEnv?: Record<string, string>;
  /** Secret variables the entry's flags took values from (their flags were left out). */
  flagSecrets: string[];
  entry?: {
    python: string;
    script: 'train.py' | 'train_async.py';
    args: Record<string, FlagValue>;
    /** The folder of an entry given by absolute path (`python3 /root/slime/train.py`). */
    dir?: string;
  };
  ray?: { mode: 'head' | 'cluster'; numGpus?: number; address?: string; dashboardPort?: number };
  runtimeEnv?: { env_vars?: Record<string, unknown>; working_dir?: string };
}

function report(state: State, line: number, message: string): void {
  const key = `${state.file ?? ''}:${line}:${message}`;
  if (state.reported.has(key)) return;
  state.reported.add(key);
  state.problems.push(state.file === undefined ? { line, message } : { line, message, file: state.file });
}

function interpret(script: string, scriptPath: string, state: State): void {
  run(
    scriptBlocks(tokenize(script), (line, message) => report(state, line, message)),
    scriptPath,
    state,
  );
}

// Loops in launch scripts build flag lists (MoE layer patterns); more rounds than this is not one.
const MAX_ROUNDS = 10_000;

function run(nodes: ScriptNode[], scriptPath: string, state: State): void {
  for (const node of nodes) {
    if (node.kind === 'command') command(node.words, node.line, scriptPath, state);
    else if (node.kind === 'array') assignArray(node.head, node.words, scriptPath, state);
    else if (node.kind === 'if') {
      for (const branch of node.branches) {
        const taken = decide(branch.when, scriptPath, state);
        if (taken === undefined) {
          report(
            state,
            node.line,
            `\`if\` tests ${describe(branch.when, scriptPath, state)}, which only the box can tell; no branch of it was applied.`,
          );
          break;
        }
        if (taken) {
          run(branch.body, scriptPath, state);
          break;
        }
        if (branch === node.branches[node.branches.length - 1] && node.otherwise)
          run(node.otherwise, scriptPath, state);
      }
    } else if (node.kind === 'for') forLoop(node.header, node.body, node.line, scriptPath, state);
    else {
      report(
        state,
        node.line,
        `\`${node.until ? 'until' : 'while'}\` is not evaluated; its body was read once.`,
      );
      run(node.body, scriptPath, state);
    }
  }
}

/** A condition's truth as bash would find it, or undefined when a part of it needs the box. */
function decide(when: Condition, scriptPath: string, state: State): boolean | undefined {
  let result: boolean | undefined = true;
  let op = '&&';
  for (const { item, negated } of when.items) {
    const value = (() => {
      const v = conditionCommand(item, scriptPath, state);
      return v === undefined ? undefined : v !== negated;
    })();
    if (op === '&&')
      result = result === false || value === false ? false : result === true ? value : undefined;
    else if (op === '||')
      result = result === true || value === true ? true : result === false ? value : undefined;
    else result = value;
    op = item.sep;
  }
  return result;
}

function conditionCommand(item: CommandItem, scriptPath: string, state: State): boolean | undefined {
  const [first] = item.words;
  const arith = first?.segments[0]?.kind === 'arith' ? first.segments[0].text : undefined;
  if (arith !== undefined) {
    const value = evaluateArithmetic(arith.slice(2, -2), arithmeticLookup(state));
    return value === undefined ? undefined : value !== 0;
  }
  // A test of an unset variable (`[ -z "$X" ]`) is what the test is for: not a problem there.
  const ctx = context(scriptPath, state, item.line);
  const quiet = {
    ...ctx,
    problem: (m: string) => (/ is not set in the script/.test(m) ? undefined : ctx.problem(m)),
  };
  const argv = item.words.flatMap((w) => expandWord(w, quiet));
  if (argv[0] === 'true' || argv[0] === ':') return true;
  if (argv[0] === 'false') return false;
  return evaluateTest(argv);
}

function describe(when: Condition, scriptPath: string, state: State): string {
  const quiet = { ...context(scriptPath, state, 0), problem: () => undefined };
  const text = when.items
    .map(
      ({ item, negated }) =>
        (negated ? '! ' : '') + item.words.flatMap((w) => expandWord(w, quiet)).join(' '),
    )
    .join(' … ');
  return `\`${text.length > 80 ? `${text.slice(0, 77)}…` : text}\``;
}

function arithmeticLookup(state: State): (name: string) => string | undefined {
  return (name) => {
    const v = state.vars.get(name);
    return Array.isArray(v) ? v[0] : v;
  };
}

/** `for NAME in words; do` and `for (( init; test; step )); do`, one round at a time. */
function forLoop(header: Word[], body: ScriptNode[], line: number, scriptPath: string, state: State): void {
  const arith = header[0]?.segments[0]?.kind === 'arith' ? header[0].segments[0].text : undefined;
  if (arith !== undefined) {
    const [init = '', test = '', step = ''] = arith.slice(2, -2).split(';');
    const lookup = arithmeticLookup(state);
    if (!arithmeticAssign(init, state))
      return report(state, line, `\`for ${arith}\` is not evaluated; its body was left out.`);
    for (let round = 0; ; round++) {
      const go = test.trim() === '' ? 1 : evaluateArithmetic(test, lookup);
      if (go === undefined || round >= MAX_ROUNDS)
        return report(state, line, `\`for ${arith}\` is not evaluated; its body was left out.`);
      if (go === 0) return;
      run(body, scriptPath, state);
      if (!arithmeticAssign(step, state))
        return report(state, line, `\`for ${arith}\` is not evaluated; its body was left out.`);
    }
  }
  const [name, keyword, ...rest] = header;
  const variable = name && plainWord(name);
  if (
    variable === undefined ||
    !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable) ||
    (keyword && plainWord(keyword) !== 'in')
  )
    return report(state, line, '`for` with this header is not evaluated; its body was left out.');
  const values = rest.flatMap((w) => expandWord(w, context(scriptPath, state, line)));
  for (const value of values.slice(0, MAX_ROUNDS)) {
    state.vars.set(variable, value);
    run(body, scriptPath, state);
  }
}

/** `i=0`, `i++`, `i--`, `++i`, `i+=2`, `i-=2` of a for-loop header; false when it is something else. */
function arithmeticAssign(text: string, state: State): boolean {
  const t = text.trim();
  if (t === '') return true;
  const m = /^(?:(\+\+|--)([A-Za-z_]\w*)|([A-Za-z_]\w*)(\+\+|--|[-+*]?=)(.*))$/s.exec(t);
  if (!m) return false;
  const name = (m[2] ?? m[3]) as string;
  const op = (m[1] ?? m[4]) as string;
  const lookup = arithmeticLookup(state);
  const current = evaluateArithmetic(name, lookup) ?? 0;
  const operand = op === '++' || op === '--' ? 1 : evaluateArithmetic(m[5] ?? '', lookup);
  if (operand === undefined) return false;
  const next =
    op === '++' || op === '+='
      ? current + operand
      : op === '--' || op === '-='
        ? current - operand
        : op === '*='
          ? current * operand
          : operand;
  state.vars.set(name, String(next));
  return true;
}

function plainWord(word: Word): string | undefined {
  const [only, ...more] = word.segments;
  return more.length === 0 && only?.kind === 'text' && !only.quoted ? only.text : undefined;
}

function context(scriptPath: string, state: State, line: number): ExpandContext {
  return {
    vars: state.vars,
    scriptPath,
    problem: (message) => report(state, line, message),
    isSecret: (name) => isSecretName(name),
  };
}

function assignArray(head: Word, words: Word[], scriptPath: string, state: State): void {
  const text = head.segments.map((s) => (s.kind === 'text' ? s.text : '')).join('');
  const name = text.replace(/\+?=$/, '');
  const ctx = context(scriptPath, state, head.line);
  const values = words.flatMap((w) => expandWord(w, { ...ctx, problem: (m) => report(state, w.line, m) }));
  const previous = state.vars.get(name);
  state.vars.set(name, text.endsWith('+=') && Array.isArray(previous) ? [...previous, ...values] : values);
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

function assignmentName(word: Word): string | undefined {
  const first = word.segments[0];
  if (!first || first.kind !== 'text' || first.quoted) return undefined;
  return ASSIGNMENT.exec(first.text)?.[1];
}

function assign(word: Word, scriptPath: string, state: State): string {
  const name = assignmentName(word) as string;
  const [first, ...rest] = word.segments;
  const append = (first as { text: string }).text[name.length] === '+';
  const valueWord: Word = {
    line: word.line,
    segments: [
      {
        ...(first as { kind: 'text'; text: string; quoted: boolean }),
        text: (first as { text: string }).text.slice(name.length + (append ? 2 : 1)),
        quoted: true,
      },
      ...rest.map((s) => (s.kind === 'param' ? { ...s, quoted: true } : s)),
    ],
  };
  // Assignments are not field-split: the whole value is one string; `+=` appends to it.
  const value = expandWord(valueWord, context(scriptPath, state, word.line)).join(' ');
  const before = state.vars.get(name);
  state.vars.set(name, append && typeof before === 'string' ? before + value : value);
  return name;
}

function command(words: Word[], line: number, scriptPath: string, state: State): void {
  let k = 0;
  const prefix: Word[] = [];
  while (k < words.length) {
    const w = words[k] as Word;
    if (assignmentName(w) === undefined) break;
    prefix.push(w);
    k++;
  }
  if (k >= words.length) {
    for (const w of prefix) assign(w, scriptPath, state);
    return;
  }
  const ctx = context(scriptPath, state, line);
  const argv = words.slice(k).flatMap((w) => expandWord(w, ctx));
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return;
  // `VAR=x cmd`: the assignments are cmd's environment only; the entry's become the run's env.
  if (prefix.length > 0 && isEntry(argv)) state.entryEnv = prefixEnv(prefix, scriptPath, state);
  if (cmd === 'export' || cmd === 'declare' || cmd === 'local' || cmd === 'readonly') {
    for (const w of words.slice(k + 1)) {
      const name = assignmentName(w);
      if (name) {
        assign(w, scriptPath, state);
        if (cmd === 'export') state.exported.add(name);
      } else {
        const bare = expandWord(w, ctx)[0];
        if (cmd === 'export' && bare && /^[A-Za-z_][A-Za-z0-9_]*$/.test(bare)) state.exported.add(bare);
      }
    }
    return;
  }
  if (cmd === 'printf' && rest[0] === '-v' && rest[1] !== undefined && rest[2] !== undefined) {
    const text = printf(rest[2], rest.slice(3));
    if (text === undefined)
      report(state, line, `printf format ${rest[2]} is not read; ${rest[1]} is left unset.`);
    else state.vars.set(rest[1], text);
    return;
  }
  const element = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]=([\s\S]*)$/.exec(cmd);
  if (element && rest.length === 0) {
    // `MODEL_ARGS[1]=…`: one element of an array (bash grows it as needed).
    const [, name = '', index = '0', value = ''] = element;
    const previous = state.vars.get(name);
    const items = Array.isArray(previous) ? [...previous] : previous === undefined ? [] : [previous];
    items[Number(index)] = value;
    state.vars.set(
      name,
      Array.from(items, (v) => v ?? ''),
    );
    return;
  }
  if (cmd === 'source' || cmd === '.') {
    // `X=1 source f`: f sees X while it runs (qwen3-4B-Instruct-2507.sh sets the rotary base so).
    const saved = prefix.map(
      (w) => [assignmentName(w) as string, state.vars.get(assignmentName(w) as string)] as const,
    );
    for (const w of prefix) assign(w, scriptPath, state);
    sourceFile(rest[0], line, scriptPath, state);
    for (const [name, value] of saved.reverse()) {
      if (value === undefined) state.vars.delete(name);
      else state.vars.set(name, value);
    }
    return;
  }
  if (DESTRUCTIVE.has(cmd) || (cmd === 'ray' && rest[0] === 'stop')) {
    report(state, line, `Skipped \`${argv.join(' ')}\`: a Rollout Studio run stops only what it started.`);
    return;
  }
  if (cmd === 'ray' && rest[0] === 'start') return rayStart(rest.slice(1), state);
  if (cmd === 'ray' && rest[0] === 'job' && rest[1] === 'submit')
    return raySubmit(rest.slice(2), line, state);
  if (isEntry(argv)) return entry(argv, line, state);
  if (cmd === '[' || cmd === '[[' || cmd === 'test' || IGNORED.has(cmd)) return;
  report(state, line, `\`${cmd}\` is not part of a run spec; it was left out.`);
}

/** The values of `VAR=x` prefix words, leaving the shell's own variables as they were. */
/** bash's printf for %s, %d and %%, the format reused while arguments remain; undefined for other specs. */
function printf(format: string, args: string[]): string | undefined {
  if (/%(?![sd%])/.test(format)) return undefined;
  let out = '';
  let k = 0;
  do {
    out += format.replace(/%([sd%])/g, (_, spec: string) => {
      if (spec === '%') return '%';
      const arg = args[k++] ?? '';
      return spec === 'd' ? String(Number.parseInt(arg, 10) || 0) : arg;
    });
  } while (k < args.length && /%[sd]/.test(format));
  return out.replace(/\\n/g, '\n');
}

function prefixEnv(words: Word[], scriptPath: string, state: State): Record<string, string> {
  const env: Record<string, string> = {};
  for (const w of words) {
    const name = assignmentName(w) as string;
    const before = state.vars.get(name);
    assign(w, scriptPath, state);
    env[name] = String(state.vars.get(name));
    if (before === undefined) state.vars.delete(name);
    else state.vars.set(name, before);
  }
  return env;
}

function sourceFile(path: string | undefined, line: number, scriptPath: string, state: State): void {
  if (!path) return;
  let resolved = posix.normalize(posix.isAbsolute(path) ? path : posix.join(posix.dirname(scriptPath), path));
  let text = state.depth < 8 ? state.options.readSourced?.(resolved) : undefined;
  // `source /root/slime/scripts/models/x.sh` names the file where the checkout sits on the box; read here,
  // the script's own checkout holds it: try the path under the workdir against the script's parents.
  const workdir = workdirOf(state) ?? BOX_WORKDIR;
  if (text === undefined && state.depth < 8 && resolved.startsWith(`${workdir}/`)) {
    const rest = resolved.slice(workdir.length + 1);
    for (let dir = posix.dirname(scriptPath); text === undefined && dir !== '/'; dir = posix.dirname(dir)) {
      const candidate = posix.join(dir, rest);
      text = state.options.readSourced?.(candidate);
      if (text !== undefined) resolved = candidate;
    }
  }
  if (text === undefined) {
    report(
      state,
      line,
      `Could not read sourced file ${path}; the flags it defines (e.g. MODEL_ARGS) are missing.`,
    );
    return;
  }
  const outer = state.file;
  state.depth++;
  state.file = resolved;
  interpret(text, resolved, state);
  state.file = outer;
  state.depth--;
}

function rayStart(args: string[], state: State): void {
  const opts = options(args);
  const numGpus = Number(opts.get('--num-gpus'));
  const port = Number(opts.get('--dashboard-port'));
  state.ray = {
    mode: 'head',
    ...(Number.isInteger(numGpus) ? { numGpus } : {}),
    ...(Number.isInteger(port) && port !== 8265 ? { dashboardPort: port } : {}),
  };
}

function raySubmit(args: string[], line: number, state: State): void {
  const dashDash = args.indexOf('--');
  const opts = options(dashDash < 0 ? args : args.slice(0, dashDash));
  const json = opts.get('--runtime-env-json');
  if (json) {
    try {
      state.runtimeEnv = JSON.parse(json) as State['runtimeEnv'];
    } catch (e) {
      report(state, line, `--runtime-env-json is not valid JSON after expansion: ${(e as Error).message}`);
    }
  }
  if (opts.has('--runtime-env'))
    report(state, line, '--runtime-env names a file; its variables were not read.');
  const address = opts.get('--address');
  if (!state.ray) state.ray = { mode: 'cluster', ...(address ? { address } : {}) };
  if (dashDash < 0) {
    report(state, line, '`ray job submit` without `--` and an entry command.');
    return;
  }
  const entryArgv = args.slice(dashDash + 1);
  if (isEntry(entryArgv)) entry(entryArgv, line, state);
  else
    report(
      state,
      line,
      `The submitted command \`${entryArgv.join(' ')}\` is not python3 train.py or train_async.py.`,
    );
}

/** `--opt value` and `--opt=value` pairs of a command line. */
function options(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(0, eq), a.slice(eq + 1));
    else if (i + 1 < args.length && !(args[i + 1] as string).startsWith('--'))
      out.set(a, args[++i] as string);
    else out.set(a, '');
  }
  return out;
}

/** Where the entry script is in `python3 [-u -X opt …] train.py …`, or -1 if this is not the entry. */
function entryAt(argv: string[]): number {
  if (!/(^|\/)python[0-9.]*$/.test(argv[0] ?? '')) return -1;
  let k = 1;
  // Interpreter options before the script: -u, -O, -B, -X name, -W arg.
  while (k < argv.length && /^-[A-Za-z]+$/.test(argv[k] as string))
    k += /^-[XW]$/.test(argv[k] as string) ? 2 : 1;
  return /(^|\/)train(_async)?\.py$/.test(argv[k] ?? '') ? k : -1;
}

function isEntry(argv: string[]): boolean {
  return entryAt(argv) > 0;
}

function entry(argv: string[], line: number, state: State): void {
  if (state.entry) report(state, line, 'A second entry command; the last one is used.');
  const at = entryAt(argv);
  const path = argv[at] ?? 'train.py';
  const script = path.endsWith('train_async.py') ? 'train_async.py' : 'train.py';
  const options = argv.slice(1, at);
  // -u (unbuffered) is what launch.sh's environment already gives (PYTHONUNBUFFERED); others are lost.
  if (options.some((o) => o !== '-u'))
    report(
      state,
      line,
      `Interpreter options ${options.join(' ')} are not part of a run spec; they were left out.`,
    );
  const args = flagsOf(argv.slice(at + 1), line, state);
  for (const [flag, value] of Object.entries(args)) {
    const refs = secretNames(JSON.stringify(value));
    if (refs.length === 0) continue;
    // A value in the spec would land in run.json and launch.sh, and in the entry's argv for `ps` to show.
    delete args[flag];
    state.flagSecrets.push(...refs);
    report(
      state,
      line,
      `${flag} takes its value from ${refs.map((r) => `$${r}`).join(', ')}, which looks like a secret: the flag was left out and ${refs.join(', ')} kept as a secret name (its value comes from secret storage into the run's environment${flag.startsWith('--wandb-') ? '; W&B reads its key from $WANDB_API_KEY there' : '; have the program read it from there'}).`,
    );
  }
  state.entry = { python: argv[0] ?? 'python3', script, args };
  if (posix.isAbsolute(path)) {
    // The spec runs workdir/entry: an absolute entry names the workdir too.
    state.entry.dir = posix.dirname(path);
    const workdir = workdirOf(state);
    if (workdir !== undefined && workdir !== state.entry.dir)
      report(
        state,
        line,
        `The entry is ${path}, outside the workdir ${workdir}; the spec runs ${workdir}/${script}.`,
      );
  }
}

/** Flags and their values, as argparse would group them: values run until the next `--flag`. */
function flagsOf(words: string[], line: number, state: State): Record<string, FlagValue> {
  const args: Record<string, FlagValue> = {};
  let i = 0;
  while (i < words.length) {
    const w = words[i] as string;
    if (!w.startsWith('--')) {
      report(state, line, `\`${w}\` is not after a flag; it was left out.`);
      i++;
      continue;
    }
    let flag = w;
    const values: string[] = [];
    const eq = w.indexOf('=');
    if (eq > 0) {
      flag = w.slice(0, eq);
      values.push(w.slice(eq + 1));
    }
    i++;
    while (i < words.length && !(words[i] as string).startsWith('--')) values.push(words[i++] as string);
    const value: FlagValue =
      values.length === 0 ? true : values.length === 1 ? scalar(values[0] as string) : values.map(scalar);
    const previous = args[flag];
    if (previous !== undefined && BUNDLED_FLAGS.flags.get(flag) === 'append') {
      args[flag] = [
        ...(Array.isArray(previous) ? previous : [previous as string | number]),
        ...(Array.isArray(value) ? value : [value as string | number]),
      ];
    } else {
      if (previous !== undefined)
        report(state, line, `${flag} is given twice; argparse keeps the last value.`);
      // Re-inserting keeps the order of the last occurrence, which is where argparse takes it from.
      delete args[flag];
      args[flag] = value;
    }
  }
  return args;
}

/** Integers and plain decimals become numbers; anything whose text would change (1e-6, 0.00) stays text. */
function scalar(text: string): string | number {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && String(n) === text ? n : text;
}
