import type { Token, Word } from './bashWords';

// A launch script as bash groups it: simple commands and array assignments, inside `if … fi`,
// `for … done` and `while … done` blocks, so that the importer can take the branch bash would take and
// run a loop's body once per round.

/** One simple command; `sep` is the operator after it (`&&`, `||`, `;`, newline, `|`, `&`). */
export interface CommandItem {
  kind: 'command';
  words: Word[];
  line: number;
  sep: string;
}

export interface ArrayItem {
  kind: 'array';
  /** `NAME=` or `NAME+=`, the word before `(`. */
  head: Word;
  words: Word[];
  line: number;
  sep: string;
}

/** A condition: commands joined by `&&`/`||` (each item's sep), `negated` by a leading `!`. */
export interface Condition {
  items: { item: CommandItem; negated: boolean }[];
}

export type ScriptNode =
  | CommandItem
  | ArrayItem
  | {
      kind: 'if';
      line: number;
      branches: { when: Condition; body: ScriptNode[] }[];
      otherwise?: ScriptNode[];
    }
  | { kind: 'for'; line: number; header: Word[]; body: ScriptNode[] }
  | { kind: 'while'; line: number; until: boolean; when: Condition; body: ScriptNode[] };

type Flat = CommandItem | ArrayItem | { kind: 'keyword'; keyword: string; line: number; rest: Word[] };

const OPENERS = new Set(['if', 'elif', 'while', 'until', 'for']);
const KEYWORDS = new Set([...OPENERS, 'then', 'else', 'fi', 'do', 'done', '!', '{', '}']);

/** The script's blocks; `problem` hears of what is malformed (an `if` without `fi`, …) with its line. */
export function scriptBlocks(
  tokens: Token[],
  problem: (line: number, message: string) => void,
): ScriptNode[] {
  const flat = flatten(tokens);
  let pos = 0;

  const block = (stops: readonly string[]): { nodes: ScriptNode[]; stop: string | undefined } => {
    const nodes: ScriptNode[] = [];
    while (pos < flat.length) {
      const item = flat[pos] as Flat;
      if (item.kind !== 'keyword') {
        nodes.push(item);
        pos++;
        continue;
      }
      if (stops.includes(item.keyword)) {
        pos++;
        return { nodes, stop: item.keyword };
      }
      pos++;
      if (item.keyword === 'if') nodes.push(ifNode(item.line));
      else if (item.keyword === 'for') {
        untilKeyword('do', item.line);
        nodes.push({ kind: 'for', line: item.line, header: item.rest, body: body('done', item.line) });
      } else if (item.keyword === 'while' || item.keyword === 'until') {
        const when = condition('do', item.line);
        nodes.push({
          kind: 'while',
          line: item.line,
          until: item.keyword === 'until',
          when,
          body: body('done', item.line),
        });
      } else if (item.keyword !== '{' && item.keyword !== '}' && item.keyword !== '!') {
        problem(item.line, `\`${item.keyword}\` outside the block it belongs to; it was left out.`);
      }
    }
    return { nodes, stop: undefined };
  };

  const body = (end: string, line: number): ScriptNode[] => {
    const { nodes, stop } = block([end]);
    if (stop !== end)
      problem(line, `This block has no \`${end}\`; the rest of the script was read as its body.`);
    return nodes;
  };

  const untilKeyword = (keyword: string, line: number): void => {
    while (pos < flat.length) {
      const item = flat[pos++] as Flat;
      if (item.kind === 'keyword' && item.keyword === keyword) return;
    }
    problem(line, `No \`${keyword}\` follows.`);
  };

  const condition = (end: string, line: number): Condition => {
    const when: Condition = { items: [] };
    let negated = false;
    while (pos < flat.length) {
      const item = flat[pos++] as Flat;
      if (item.kind === 'keyword') {
        if (item.keyword === end) return when;
        if (item.keyword === '!') negated = !negated;
        continue;
      }
      if (item.kind === 'command') when.items.push({ item, negated });
      negated = false;
    }
    problem(line, `No \`${end}\` follows.`);
    return when;
  };

  const ifNode = (line: number): ScriptNode => {
    const branches: { when: Condition; body: ScriptNode[] }[] = [];
    for (;;) {
      const when = condition('then', line);
      const { nodes, stop } = block(['elif', 'else', 'fi']);
      branches.push({ when, body: nodes });
      if (stop === 'elif') continue;
      if (stop === 'else') return { kind: 'if', line, branches, otherwise: body('fi', line) };
      if (stop !== 'fi') problem(line, 'This `if` has no `fi`; the rest of the script was read as its body.');
      return { kind: 'if', line, branches };
    }
  };

  return block([]).nodes;
}

/** Commands and array assignments in order, with each leading keyword split off as an item of its own. */
function flatten(tokens: Token[]): Flat[] {
  const out: Flat[] = [];
  let i = 0;
  while (i < tokens.length) {
    const words: Word[] = [];
    const line = tokens[i]?.kind === 'word' ? (tokens[i] as { word: Word }).word.line : 0;
    let sep = '\n';
    for (; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.kind === 'op') {
        if (t.op === '(' && words.length > 0 && isArrayStart(words[words.length - 1] as Word)) {
          const close = readArray(tokens, i + 1);
          const head = words.pop() as Word;
          pushCommand(out, words.splice(0), line, ';');
          out.push({ kind: 'array', head, words: close.words, line: head.line, sep: ';' });
          i = close.next - 1;
          continue;
        }
        if (t.op === '<' || t.op === '>') {
          // `2>&1`, `>>log`, `2> err`: the fd number before it and the target are not arguments.
          const last = words[words.length - 1];
          if (last !== undefined && isFdNumber(last)) words.pop();
          for (let next = tokens[i + 1]; next?.kind === 'op' && '<>&'.includes(next.op); next = tokens[i + 1])
            i++;
          i++; // the redirection target
          continue;
        }
        sep = t.op;
        i++;
        break;
      }
      words.push(t.word);
    }
    pushCommand(out, words, line, sep);
  }
  return out;
}

function pushCommand(out: Flat[], words: Word[], line: number, sep: string): void {
  let k = 0;
  for (; k < words.length; k++) {
    const keyword = plainText(words[k] as Word);
    if (keyword === undefined || !KEYWORDS.has(keyword)) break;
    if (keyword === 'for') {
      // The loop header (`NAME in …` or `(( … ))`) is the rest of the command.
      out.push({ kind: 'keyword', keyword, line: (words[k] as Word).line, rest: words.slice(k + 1) });
      return;
    }
    out.push({ kind: 'keyword', keyword, line: (words[k] as Word).line, rest: [] });
  }
  if (k < words.length) out.push({ kind: 'command', words: words.slice(k), line, sep });
}

function plainText(word: Word): string | undefined {
  const [only, ...more] = word.segments;
  return more.length === 0 && only?.kind === 'text' && !only.quoted ? only.text : undefined;
}

function isFdNumber(word: Word): boolean {
  const text = plainText(word);
  return text !== undefined && /^\d$/.test(text);
}

function isArrayStart(word: Word): boolean {
  const text = word.segments.map((s) => (s.kind === 'text' ? s.text : '\0')).join('');
  return /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(text);
}

function readArray(tokens: Token[], from: number): { words: Word[]; next: number } {
  const words: Word[] = [];
  let i = from;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'op') {
      if (t.op === ')') return { words, next: i + 1 };
      continue;
    }
    words.push(t.word);
  }
  return { words, next: i };
}
