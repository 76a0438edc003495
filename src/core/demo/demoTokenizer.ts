// Demo data only. A small byte-level BPE tokenizer in the `tokenizers` library's tokenizer.json format, so
// the demo's train dumps go through the same decoding a real checkpoint's tokenizer.json gets: 256 byte
// symbols, a few hundred merged words from the demo's own vocabulary and Qwen's chat-template tokens.

/** GPT-2's byte-to-character map: printable bytes stand for themselves, the rest move past 255. */
function byteLevelChars(): string[] {
  const keep = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let shift = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(keep(b) ? b : 256 + shift++));
  return out;
}

const CHARS = byteLevelChars();

const SPECIAL = ['<|im_start|>', '<|im_end|>', '<tool_call>', '</tool_call>', '<think>', '</think>'];

/** Words merged into single tokens, with and without a leading space (as byte-level BPE learns them). */
const WORDS = (
  'the a an to of and or is are was be for in on at with by from your you I it this that have has not can ' +
  'will would please order orders user flight flights reservation booking cancel change update details ' +
  'item items return exchange refund payment method address phone plan data line account customer ' +
  'thank thanks help anything else looked into outcome tell done respond content name arguments id ' +
  'get find modify book check status number total price new old airline retail telecom tool result ' +
  'error successfully confirmed assistant system must authenticate zip before touching any first last ' +
  'reason that all is there what which call calls result first_name last_name zip_code'
).split(' ');
const SYMBOLS = ['{"', '":', ' "', '",', '"}', '}}', '\n\n', '\n', '_id', '_details', '_user'];

export interface DemoTokenizer {
  /** tokenizer.json content. */
  spec: unknown;
  encode(text: string): number[];
}

export function demoTokenizer(): DemoTokenizer {
  const vocab = new Map<string, number>();
  const merges: string[] = [];
  const add = (token: string) => {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  };
  for (const c of CHARS) add(c);
  // Each word is built by merging one more symbol onto its prefix, so every merge's parts are tokens.
  const addWord = (word: string) => {
    const symbols = [...Buffer.from(word, 'utf8')].map((b) => CHARS[b]!);
    let prefix = symbols[0]!;
    for (const s of symbols.slice(1)) {
      if (!vocab.has(prefix + s)) merges.push(`${prefix} ${s}`);
      prefix += s;
      add(prefix);
    }
  };
  for (const w of WORDS) {
    addWord(w);
    addWord(` ${w}`);
  }
  for (const s of SYMBOLS) addWord(s);
  const added = SPECIAL.map((content, i) => ({ id: vocab.size + i, content, special: true }));
  const longest = Math.max(...[...vocab.keys()].map((k) => k.length));

  const encodeText = (text: string, ids: number[]) => {
    const symbols = [...Buffer.from(text, 'utf8')].map((b) => CHARS[b]!).join('');
    for (let i = 0; i < symbols.length;) {
      // Longest match: the ids decode to exactly the text, which is all the demo needs of them.
      let len = Math.min(longest, symbols.length - i);
      while (len > 1 && !vocab.has(symbols.slice(i, i + len))) len--;
      ids.push(vocab.get(symbols.slice(i, i + len))!);
      i += len;
    }
  };
  const specialPattern = new RegExp(`(${SPECIAL.map((s) => s.replace(/[|]/g, '\\|')).join('|')})`);
  const encode = (text: string) => {
    const ids: number[] = [];
    for (const part of text.split(specialPattern)) {
      const special = added.find((a) => a.content === part);
      if (special) ids.push(special.id);
      else if (part) encodeText(part, ids);
    }
    return ids;
  };
  const spec = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.map((a) => ({
      ...a,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', vocab: Object.fromEntries(vocab), merges },
  };
  return { spec, encode };
}
