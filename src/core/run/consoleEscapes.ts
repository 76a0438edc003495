// A run's console.log is written by the job on the box: whatever it prints reaches the editor's
// terminal, and a terminal obeys escape sequences. Colours and cursor moves (CSI) are what tqdm and
// loggers use and stay. Operating-system commands (OSC) can do more than draw: OSC 52 writes the
// clipboard, OSC 0/1/2 retitle the terminal, OSC 8 makes a link that may open a file: or command:
// target. Only OSC 8 links to http(s) (and the empty link that ends one) pass; every other OSC, and
// the DCS, SOS, PM and APC strings no log needs, are dropped.

const ESC = '\x1b';
// C1 forms of the string introducers (OSC, DCS, SOS, PM, APC) and the string terminator.
const C1_STRING = new Set(['\x9d', '\x90', '\x98', '\x9e', '\x9f']);
const C1_ST = '\x9c';
/** 7-bit introducers after ESC that start a string ended by ST or BEL. */
const ESC_STRING = new Set([']', 'P', 'X', '^', '_']);
/** A string longer than this without its terminator is dropped rather than held back for ever. */
const MAX_PENDING = 64 * 1024;

/**
 * Filters console text chunk by chunk: a sequence cut across chunks is held until it is complete,
 * so the result does not depend on where the stream was cut.
 */
export class ConsoleEscapeFilter {
  private pending = '';
  /** Inside a dropped string that was too long to hold: skip until its terminator. */
  private skipping = false;

  write(chunk: string): string {
    let text = this.pending + chunk;
    this.pending = '';
    if (this.skipping) {
      const end = terminator(text, 0);
      if (!end) return '';
      this.skipping = false;
      text = text.slice(end.after);
    }
    let out = '';
    let i = 0;
    while (i < text.length) {
      const next = nextIntroducer(text, i);
      if (next < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, next);
      const c = text[next] as string;
      if (c === ESC && next + 1 >= text.length) {
        this.pending = text.slice(next);
        break;
      }
      if (c === ESC && !ESC_STRING.has(text[next + 1] as string)) {
        out += ESC;
        i = next + 1;
        continue;
      }
      const bodyStart = next + (c === ESC ? 2 : 1);
      const end = terminator(text, bodyStart);
      if (!end) {
        if (text.length - next > MAX_PENDING) this.skipping = true;
        else this.pending = text.slice(next);
        break;
      }
      const isOsc = c === '\x9d' || (c === ESC && text[next + 1] === ']');
      if (isOsc && safeOsc(text.slice(bodyStart, end.at))) out += text.slice(next, end.after);
      i = end.after;
    }
    return out;
  }
}

function nextIntroducer(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string;
    if (c === ESC || C1_STRING.has(c)) return i;
  }
  return -1;
}

/** Where the string starting at from ends: BEL, ESC \ or the C1 ST. */
function terminator(text: string, from: number): { at: number; after: number } | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\x07' || c === C1_ST) return { at: i, after: i + 1 };
    if (c === ESC) {
      if (i + 1 >= text.length) return undefined;
      if (text[i + 1] === '\\') return { at: i, after: i + 2 };
    }
  }
  return undefined;
}

/** OSC 8 (hyperlink) to an http(s) address, or the empty one that ends a link. */
function safeOsc(body: string): boolean {
  const m = /^8;[^;]*;(.*)$/s.exec(body);
  if (!m) return false;
  const uri = m[1] as string;
  return uri === '' || /^https?:\/\/[^\s\p{Cc}]*$/iu.test(uri);
}
