// Reading a rollouts.jsonl line's index fields straight from its bytes. Both functions here run in the
// line-reading worker from their source text, so neither may use a name from outside itself.
import type { SampleRecord } from '../records/tapRecord';
import type { LineHead, LineRules } from './recordEntry';

/**
 * Reads one rollouts.jsonl line (bytes `start` to `end` of `line`, without the newline) into a sample's
 * index entry, or says what is wrong with it (field and reason). It walks the JSON text itself and
 * decodes only the index fields and the prompt: decoding whole records (JSON.parse) cost more than
 * receiving them. A record of format v2 or later puts every field the index reads before `messages`,
 * so reading stops once the prompt has been hashed; older records are walked to the end, their other
 * values checked only for their structure. The whole record is validated when the store's background
 * pass reads it back (and again when it is opened). Tool-call diagnostics are left pending (null) for
 * that pass too.
 *
 * Self-contained (no outside names; rules and the line memory passed in), because the store runs it
 * in a worker thread from its source text.
 */
export function readLineHead(
  line: Buffer,
  start: number,
  end: number,
  rules: LineRules,
  memory: LineMemory,
): LineHead {
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  let i = start;
  /** Keys read so far in this line: records of one writer name their keys in the same order. */
  let keys = 0;
  const syntax = (what: string): never => {
    throw new SyntaxError(`${what} at column ${i - start + 1}`);
  };
  const problem = (message: string): never => {
    throw { problem: message };
  };
  const ws = () => {
    for (let c = line[i]; i < end && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09); c = line[++i]);
  };
  // Past the closing quote of the string starting at i. Most of a body-first record's bytes are inside
  // strings (message contents): quotes are found with indexOf, which runs natively, not byte by byte here;
  // a quote after an odd run of backslashes is escaped.
  const stringEnd = (): number => {
    for (let j = i + 1; j < end;) {
      const q = line.indexOf(QUOTE, j);
      if (q === -1 || q >= end) break;
      let b = q - 1;
      while (line[b] === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      j = q + 1;
    }
    return syntax('the JSON is cut off inside a string');
  };
  // Past the value starting at i: strings and brackets are matched, other tokens decoded (they are short).
  const skip = () => {
    const c = line[i];
    if (c === QUOTE) {
      i = stringEnd();
      return;
    }
    if (c === 0x7b || c === 0x5b) {
      const closers: number[] = [];
      for (; i < end; i++) {
        const d = line[i];
        if (d === QUOTE) i = stringEnd() - 1;
        else if (d === 0x7b) closers.push(0x7d);
        else if (d === 0x5b) closers.push(0x5d);
        else if (d === 0x7d || d === 0x5d) {
          if (closers.pop() !== d) syntax(`unexpected '${String.fromCharCode(d)}'`);
          if (closers.length === 0) {
            i++;
            return;
          }
        }
      }
      syntax('the JSON is cut off');
    }
    token();
  };
  // Past a number or literal at i: its characters are checked here, its grammar by the background pass.
  const token = () => {
    const s = i;
    let letters = false;
    for (let d = line[i]; i < end; d = line[++i]) {
      const letter = (d! >= 0x61 && d! <= 0x7a) || (d! >= 0x41 && d! <= 0x5a);
      // Digits, sign and point: what a number token holds besides its exponent's e.
      if (!letter && !((d! >= 0x30 && d! <= 0x39) || d === 0x2d || d === 0x2b || d === 0x2e)) break;
      letters ||= letter && d !== 0x65 && d !== 0x45;
    }
    if (i === s) syntax('expected a value');
    const word = letters ? line.toString('latin1', s, i) : '';
    // NaN and Infinity (Python's json.dumps writes them) are not JSON.
    if (letters && word !== 'true' && word !== 'false' && word !== 'null') syntax(`unexpected '${word}'`);
  };
  const value = (): unknown => {
    const s = i;
    const c = line[i];
    if (c === QUOTE) {
      i = stringEnd();
      for (let j = s + 1; j < i - 1; j++) {
        if (line[j] === BACKSLASH) return JSON.parse(line.toString('utf8', s, i));
      }
      return line.toString('utf8', s + 1, i - 1);
    }
    if (c === 0x7b || c === 0x5b) {
      skip();
      return JSON.parse(line.toString('utf8', s, i));
    }
    token();
    // Steps, groups and indices (short plain integers) without a round trip through a string.
    if (i - s > 15 || (line[s] === 0x30 && i - s > 1)) return JSON.parse(line.toString('latin1', s, i));
    let n = 0;
    for (let j = s; j < i; j++) {
      const d = line[j]!;
      if (d < 0x30 || d > 0x39) return JSON.parse(line.toString('latin1', s, i));
      n = n * 10 + d - 0x30;
    }
    return n;
  };
  const key = (): string => {
    if (line[i] !== QUOTE) syntax('expected a key');
    const s = i;
    i = stringEnd();
    let escaped = false;
    for (let j = s + 1; j < i - 1 && !escaped; j++) escaped = line[j] === BACKSLASH;
    keys += 1;
    return escaped
      ? (JSON.parse(line.toString('utf8', s, i)) as string)
      : memory.name(line, s + 1, i - 1, keys);
  };
  // Whether the string literal s..e (quotes included) says "assistant", decoded only if it has escapes.
  const isAssistant = (s: number, e: number): boolean => {
    for (let j = s + 1; j < e - 1; j++) {
      if (line[j] === BACKSLASH) return JSON.parse(line.toString('utf8', s, e)) === 'assistant';
    }
    if (e - s !== 11) return false;
    for (let k = 0; k < 9; k++) if (line[s + 1 + k] !== 'assistant'.charCodeAt(k)) return false;
    return true;
  };
  // Calls onKey with i at each value, which it must consume; stops early when onKey returns true.
  const object = (onKey: (k: string) => boolean | void): boolean => {
    if (line[i] !== 0x7b) syntax("expected '{'");
    i++;
    ws();
    if (line[i] === 0x7d) {
      i++;
      return false;
    }
    for (;;) {
      ws();
      const k = key();
      ws();
      if (line[i] !== 0x3a) syntax("expected ':'");
      i++;
      ws();
      if (onKey(k)) return true;
      ws();
      if (line[i] === 0x2c) i++;
      else if (line[i] === 0x7d) {
        i++;
        return false;
      } else syntax("expected ',' or '}'");
    }
  };
  // Reads the messages array at i: the prompt's literals for the hash, and each message's shape (every
  // message when `all`, else only up to the first assistant turn, where it stops).
  const messages = (all: boolean): { literals: number[]; stopped: boolean } => {
    if (line[i] !== 0x5b) return problem('messages: expected an array');
    i++;
    const literals: number[] = [];
    let inPrompt = true;
    ws();
    if (line[i] === 0x5d) {
      i++;
      return { literals, stopped: false };
    }
    for (let n = 0; ; n++) {
      ws();
      const shape = () => problem(`messages.${n}: expected {role, content} with string content`);
      if (line[i] !== 0x7b) shape();
      const at = [-1, -1, -1, -1];
      const answer = object((k) => {
        const slot = k === 'role' ? 0 : k === 'content' ? 2 : -1;
        if (slot >= 0) at[slot] = line[i] === QUOTE ? i : -1;
        const known = slot === 2 && inPrompt && at[2] !== -1 ? memory.literalEnd(line, i, end, n) : -1;
        if (known !== -1) i = known;
        else skip();
        if (slot >= 0 && at[slot] !== -1) at[slot + 1] = i;
        // The first assistant turn ends the prompt: where a head-first record's reader stops.
        return !all && slot === 0 && at[0] !== -1 && isAssistant(at[0]!, at[1]!);
      });
      if (answer) return { literals, stopped: true };
      if (at[0] === -1 || at[2] === -1) shape();
      if (inPrompt) {
        if (isAssistant(at[0]!, at[1]!)) {
          inPrompt = false;
          if (!all) return { literals, stopped: true };
        } else literals.push(...at);
      }
      ws();
      if (line[i] === 0x2c) i++;
      else if (line[i] === 0x5d) {
        i++;
        return { literals, stopped: false };
      } else syntax("expected ',' or ']'");
    }
  };

  let s: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  const wanted = (k: string) =>
    k === 'kind' ||
    k === 'v' ||
    k === 'ts' ||
    k === 'step' ||
    k === 'evaluation' ||
    k === 'group' ||
    k === 'index' ||
    k === 'status' ||
    k === 'reward' ||
    k === 'shapedReward' ||
    k === 'taskId' ||
    k === 'domain';
  let literals: number[] = [];
  let messagesSeen = false;
  // A v2 sample's head (everything before its turns) is decoded in one piece: the first `"messages":`
  // outside a string ends it, and if it was nested the head does not parse as an object and the line is
  // walked instead. Its prompt is then read as below.
  const quick = (): boolean => {
    const turns = line.indexOf('"messages":', start, 'latin1');
    if (turns === -1 || turns >= end || line[turns - 1] === BACKSLASH) return false;
    let h = turns - 1;
    while (h > start && (line[h] === 0x20 || line[h] === 0x09 || line[h] === 0x0d)) h--;
    const text =
      line[h] === 0x2c ? `${line.toString('utf8', start, h)}}` : line[h] === 0x7b ? '{}' : undefined;
    let head: unknown;
    try {
      head = text === undefined ? undefined : JSON.parse(text);
    } catch {
      return false;
    }
    const fields = head as Record<string, unknown> | null | undefined;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
    if (fields.kind !== 'sample' || typeof fields.v !== 'number' || fields.v < 2) return false;
    i = turns + 11;
    ws();
    const read = messages(false);
    if (!read.stopped) return false;
    for (const k of Object.keys(fields)) if (wanted(k)) s[k] = fields[k];
    literals = read.literals;
    messagesSeen = true;
    return true;
  };
  // The whole line, key by key: v1 records, and v2 ones the quick read does not take.
  const walk = () => {
    ws();
    if (line[i] !== 0x7b) {
      JSON.parse(line.toString('utf8', start, end));
      problem('not a JSON object');
    }
    const stopped = object((k) => {
      if (k === 'messages') {
        if (s.kind !== undefined && s.kind !== 'sample') {
          skip();
          return false;
        }
        messagesSeen = true;
        const read = messages(!(typeof s.v === 'number' && s.v >= 2));
        literals = read.literals;
        return read.stopped;
      }
      if (k === 'metadata' && line[i] === 0x7b) {
        object((m) => {
          if (m === 'task_id' || m === 'task_index' || m === 'domain') metadata[m] = value();
          else skip();
        });
        return false;
      }
      if (wanted(k)) {
        s[k] = value();
        return false;
      }
      // A value the previous records repeat (a v1 record's tools) is recognised instead of walked.
      const repeated = memory.valueEnd(k, line, i, end);
      if (repeated !== -1) {
        i = repeated;
        return false;
      }
      const from = i;
      skip();
      memory.remember(k, line, from, i);
      return false;
    });
    if (!stopped) {
      ws();
      if (i < end) syntax('unexpected text after the record');
    }
  };
  let quickly = false;
  try {
    quickly = quick();
  } catch {
    // Walked below, which says where and what is wrong.
  }
  try {
    if (!quickly) {
      i = start;
      keys = 0;
      s = {};
      walk();
    }
  } catch (e) {
    if (e instanceof SyntaxError) return { kind: 'problem', message: `not valid JSON: ${e.message}` };
    if (typeof e === 'object' && e !== null && 'problem' in e)
      return { kind: 'problem', message: String(e.problem) };
    throw e;
  }
  if (typeof s.v === 'number' && s.v > rules.version) {
    return {
      kind: 'problem',
      message: `record format v${s.v} is newer than this extension reads (v${rules.version}); update Rollout Studio`,
    };
  }
  if (s.kind === 'step') return { kind: 'step' };
  if (s.kind !== 'sample') {
    return { kind: 'problem', message: `kind: expected "sample" or "step", got ${JSON.stringify(s.kind)}` };
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const fieldProblem = (): string | undefined => {
    if (typeof s.ts !== 'number') return 'ts: expected a number';
    if (!isCount(s.step)) return 'step: expected a non-negative integer';
    if (typeof s.evaluation !== 'boolean') return 'evaluation: expected a boolean';
    if (!isCount(s.group)) return 'group: expected a non-negative integer';
    if (!isCount(s.index)) return 'index: expected a non-negative integer';
    if (typeof s.status !== 'string' || !rules.statuses.includes(s.status))
      return `status: expected one of ${rules.statuses.join(', ')}`;
    if (s.reward !== null && typeof s.reward !== 'number') return 'reward: expected a number or null';
    return undefined;
  };
  const wrong = fieldProblem();
  if (wrong) return { kind: 'problem', message: wrong };
  if (!messagesSeen) return { kind: 'problem', message: 'messages: expected an array' };
  // A v2 record names its task and domain in its own fields; only v1 ones are looked for in the metadata.
  const fallback = typeof s.v === 'number' && s.v >= 2 ? {} : metadata;
  let promptHash: string | null;
  try {
    promptHash = memory.hash(line, literals);
  } catch (e) {
    return { kind: 'problem', message: `not valid JSON: a prompt message: ${(e as Error).message}` };
  }
  return {
    kind: 'sample',
    entry: {
      step: s.step as number,
      evaluation: s.evaluation as boolean,
      group: s.group as number,
      index: s.index as number,
      status: s.status as SampleRecord['status'],
      reward: s.reward as number | null,
      shapedReward: typeof s.shapedReward === 'number' ? s.shapedReward : null,
      errors: null,
      warnings: null,
      task: str(s.taskId) ?? str(fallback['task_id']) ?? str(fallback['task_index']),
      domain: str(s.domain) ?? str(fallback['domain']),
      promptHash,
    },
  };
}

/**
 * What the line reader remembers from one line to the next, because the records of a run repeat
 * themselves: the same keys in the same order, the same system prompt, a group's shared task.
 */
export interface LineMemory {
  /**
   * Hash of the messages before the first assistant turn (system prompt and task), so the same task is
   * found in other runs when records carry no task id; null when there are none. `literals` holds, per
   * prompt message, the byte ranges of its role and content JSON string literals (quotes included).
   */
  hash(line: Buffer, literals: readonly number[]): string | null;
  /**
   * If a content literal seen before in the prompt's message `n` starts at `at`, the offset just past it:
   * a repeated system prompt is recognised by one comparison instead of being walked byte by byte. -1
   * otherwise.
   */
  literalEnd(line: Buffer, at: number, end: number, n: number): number;
  /** If the value last remembered for `key` starts at `at`, the offset just past it; -1 otherwise. */
  valueEnd(key: string, line: Buffer, at: number, end: number): number;
  /** Remembers bytes start..end, a complete value of `key`, if it is long and ends itself (object, array, string). */
  remember(key: string, line: Buffer, start: number, end: number): void;
  /**
   * The text of bytes start..end, the line's nth key (unescaped): the few names records use are made
   * once, then compared, first with the nth key of the line before.
   */
  name(line: Buffer, start: number, end: number, nth: number): string;
}

/**
 * Two 32-bit FNV-1a lanes over the UTF-16 code units of each prompt message's role and content (a match
 * only groups samples, so it need not be cryptographic). Decoding and hashing a long system prompt for
 * every record would cost more than reading the rest of the record's head; the samples of a run share
 * their system prompt and a group's samples their task, so each message's effect on the lanes is kept
 * by its raw bytes and the lanes it started from, and a repeat costs one byte comparison.
 *
 * Self-contained (no outside names), because the line-reading worker builds it from its source text.
 */
export function createLineMemory(): LineMemory {
  interface Known {
    raw: Buffer;
    roleBytes: number;
    a: number;
    b: number;
  }
  const known = new Map<string, Known[]>();
  const MAX_KNOWN = 128;
  // Per prompt message position, its last long content literals, most recent first (a run has few
  // system prompts; a group's samples share a task). Short ones are walked as fast as compared.
  const recent: Buffer[][] = [];
  const MIN_RECENT = 256;
  const MAX_RECENT = 4;
  const feed = (lanes: [number, number], text: string) => {
    let [a, b] = lanes;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    lanes[0] = Math.imul(a ^ 0, 0x01000193);
    lanes[1] = Math.imul(b ^ 0, 0x01000193) ^ (b >>> 15);
  };
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  // Names by length and first byte; a run's records use a few dozen keys.
  const names = new Map<number, string[]>();
  const order: string[] = [];
  // Per key, the last long value walked: tools lists and the like repeat from record to record.
  const values = new Map<string, Buffer>();
  const lookup = (start: number, end: number, line: Buffer): string => {
    const slot = (end - start) * 256 + (line[start] ?? 0);
    const list = names.get(slot);
    const same = list?.find((n) => {
      for (let k = 1; k < n.length; k++) if (line[start + k] !== n.charCodeAt(k)) return false;
      return true;
    });
    if (same !== undefined) return same;
    const made = line.toString('utf8', start, end);
    // Only ASCII names can be compared byte by byte with their text; and the table stays small, even
    // for records that invent keys.
    if (names.size >= 1024) names.clear();
    if (made.length === end - start && (list?.length ?? 0) < 8) names.set(slot, [...(list ?? []), made]);
    return made;
  };
  return {
    name(line, start, end, nth) {
      const same = (n: string | undefined) => {
        if (n === undefined || n.length !== end - start) return false;
        for (let k = 0; k < n.length; k++) if (line[start + k] !== n.charCodeAt(k)) return false;
        return true;
      };
      const before = order[nth];
      if (same(before)) return before!;
      const found = lookup(start, end, line);
      if (nth < 256 && found.length === end - start) order[nth] = found;
      return found;
    },
    valueEnd(key, line, at, end) {
      const v = values.get(key);
      return v && at + v.length <= end && line.compare(v, 0, v.length, at, at + v.length) === 0
        ? at + v.length
        : -1;
    },
    remember(key, line, start, end) {
      const c = line[start];
      if (end - start < 256 || (c !== 0x7b && c !== 0x5b && c !== 0x22)) return;
      if (values.size >= 64 && !values.has(key)) values.clear();
      values.set(key, Buffer.from(line.subarray(start, end)));
    },
    literalEnd(line, at, end, n) {
      for (const r of recent[n] ?? []) {
        if (at + r.length <= end && line.compare(r, 0, r.length, at, at + r.length) === 0)
          return at + r.length;
      }
      return -1;
    },
    hash(line, literals) {
      if (literals.length === 0) return null;
      const lanes: [number, number] = [0x811c9dc5, 0x01000193 ^ 0x9e3779b9];
      for (let k = 0; k < literals.length; k += 4) {
        const [rs, re, cs, ce] = [literals[k]!, literals[k + 1]!, literals[k + 2]!, literals[k + 3]!];
        const key = `${lanes[0]}:${lanes[1]}:${re - rs}:${ce - cs}`;
        const same = known
          .get(key)
          ?.find(
            (m) =>
              line.compare(m.raw, 0, m.roleBytes, rs, re) === 0 &&
              line.compare(m.raw, m.roleBytes, m.raw.length, cs, ce) === 0,
          );
        if (same) {
          lanes[0] = same.a;
          lanes[1] = same.b;
          continue;
        }
        feed(lanes, JSON.parse(line.toString('utf8', rs, re)) as string);
        feed(lanes, JSON.parse(line.toString('utf8', cs, ce)) as string);
        if (known.size >= MAX_KNOWN) known.clear();
        const raw = Buffer.concat([line.subarray(rs, re), line.subarray(cs, ce)]);
        const n = k / 4;
        if (ce - cs >= MIN_RECENT && n < 8) {
          const list = (recent[n] ??= []);
          list.unshift(Buffer.from(line.subarray(cs, ce)));
          if (list.length > MAX_RECENT) list.pop();
        }
        const list = known.get(key) ?? [];
        if (list.length >= 8) list.shift();
        list.push({ raw, roleBytes: re - rs, a: lanes[0], b: lanes[1] });
        known.set(key, list);
      }
      return hex(lanes[0]) + hex(lanes[1]);
    },
  };
}
