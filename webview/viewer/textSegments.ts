import type { Diagnostic } from '../../src/core/toolcall/types';

// Splitting untrusted text into pieces the templates render as text nodes: highlighted diagnostic
// ranges, invisible characters made visible. Nothing here builds markup from the text.

export interface Segment {
  text: string;
  /** Diagnostics covering this piece (zero-width ones get a piece of their own with empty text). */
  marks: Diagnostic[];
}

/** Cuts [0, text.length) at every diagnostic boundary; pieces past `limit` are left out (clipped view). */
export function segments(text: string, diagnostics: readonly Diagnostic[], limit = text.length): Segment[] {
  const end = Math.min(text.length, limit);
  const cuts = new Set<number>([0, end]);
  for (const d of diagnostics) {
    if (d.start <= end) cuts.add(Math.max(0, d.start));
    if (d.end <= end) cuts.add(Math.max(0, d.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length; i++) {
    const at = points[i]!;
    // A diagnostic with an empty range (e.g. "a newline is missing here") is shown as a marker.
    const empty = diagnostics.filter((d) => d.start === d.end && d.start === at);
    if (empty.length > 0) out.push({ text: '', marks: empty });
    const next = points[i + 1];
    if (next === undefined || next === at) continue;
    out.push({
      text: text.slice(at, next),
      marks: diagnostics.filter((d) => d.start < next && d.end > at),
    });
  }
  return out;
}

/**
 * Characters that change how text looks without being seen: bidi overrides and isolates (which can make
 * a tool argument read differently from what it is), zero-width characters and other controls.
 */
export const INVISIBLE =
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export type Piece = { kind: 'text'; text: string } | { kind: 'invisible'; code: string };

/** Text with every invisible character split out, to be rendered as a visible "U+202E" token. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push({
      kind: 'invisible',
      code: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    });
    last = m.index + 1;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Texts longer than this are shown clipped with a "show all" button: a 10 MB turn must not freeze the view. */
export const CLIP = 20_000;
