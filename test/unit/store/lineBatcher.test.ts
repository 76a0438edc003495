import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineBatcher } from '../../../src/core/store/lineBatcher';
import type { LineBatch } from '../../../src/core/store/lineBatcher';

interface Cut {
  text?: string;
  skipped?: number;
  next: number;
}

/** Feeds the chunks, flushing at the end, and returns every line as text (or its skipped length). */
function cut(chunks: Buffer[], max: number, start = 0, batchBytes?: number) {
  const batches: LineBatch[] = [];
  const taken: number[] = [];
  const b = new LineBatcher(
    (batch) => batches.push(batch),
    max,
    start,
    (n) => {
      taken.push(n);
      return new ArrayBuffer(n);
    },
    batchBytes,
  );
  for (const c of chunks) b.push(c);
  const resume = b.resumeOffset;
  b.flush();
  const lines: Cut[] = batches.flatMap((batch) =>
    batch.lines.map((l) =>
      'skipped' in l
        ? { skipped: l.skipped, next: l.next }
        : {
            text: Buffer.from(batch.bytes).toString('utf8', l.start, l.end),
            next: l.next,
            // Each line's newline is in the batch too: the mirror writes line and newline as one slice.
            newline: Buffer.from(batch.bytes)[l.end],
          },
    ),
  );
  return { lines, resume, taken, batches };
}

function chunked(whole: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const c of cuts) {
    chunks.push(whole.subarray(at, Math.min(whole.length, at + c)));
    at = Math.min(whole.length, at + c);
  }
  chunks.push(whole.subarray(at));
  return chunks;
}

describe('LineBatcher', () => {
  it('yields the same lines and source offsets however the bytes are chunked and batched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\n/g, ''))),
        fc.array(fc.nat({ max: 30 })),
        fc.integer({ min: 8, max: 256 }),
        (texts, cuts, batchBytes) => {
          const whole = Buffer.from(texts.map((t) => `${t}\n`).join(''), 'utf8');
          const { lines, resume } = cut(chunked(whole, cuts), 1 << 20, 100, batchBytes);
          expect(lines.map((l) => l.text)).toEqual(texts);
          let next = 100;
          for (const [i, t] of texts.entries()) {
            next += Buffer.byteLength(t) + 1;
            expect(lines[i]).toMatchObject({ next, newline: 0x0a });
          }
          expect(resume).toBe(100 + whole.length);
        },
      ),
    );
  });

  it('keeps an unfinished last line for later and resumes after the last complete one', () => {
    const { lines, resume } = cut([Buffer.from('{"a":1}\n{"b":'), Buffer.from('2')], 100);
    expect(lines).toEqual([{ text: '{"a":1}', next: 8, newline: 0x0a }]);
    expect(resume).toBe(8);
  });

  it('skips a line longer than the limit without buffering it, and goes on', () => {
    const long = 'x'.repeat(5000);
    const chunks = [
      Buffer.from('ok1\n'),
      ...Array.from({ length: 50 }, () => Buffer.from(long.slice(0, 100))),
      Buffer.from('\nok2\n'),
    ];
    const { lines, taken } = cut(chunks, 1000, 0, 512);
    expect(lines).toEqual([
      { text: 'ok1', next: 4, newline: 0x0a },
      { skipped: 5000, next: 5005 },
      { text: 'ok2', next: 5009, newline: 0x0a },
    ]);
    // Memory stays bounded by the limit: no buffer grew to hold the long line.
    expect(Math.max(...taken)).toBeLessThanOrEqual(2048);
  });

  it('skips a too-long line that arrives in one chunk', () => {
    const { lines } = cut([Buffer.from(`a\n${'y'.repeat(300)}\nb\n`)], 100, 0, 64);
    expect(lines.map((l) => l.text ?? l.skipped)).toEqual(['a', 300, 'b']);
  });

  it('grows its buffer for a line longer than a batch but within the limit', () => {
    const line = 'z'.repeat(3000);
    const { lines } = cut(chunked(Buffer.from(`${line}\nok\n`), [700, 700, 700]), 1 << 20, 0, 256);
    expect(lines.map((l) => l.text)).toEqual([line, 'ok']);
  });

  it('counts blank lines and CRLF ends as the file has them', () => {
    const { lines } = cut([Buffer.from('a\r\n\nb\n')], 100);
    expect(lines).toEqual([
      { text: 'a\r', next: 3, newline: 0x0a },
      { text: '', next: 4, newline: 0x0a },
      { text: 'b', next: 6, newline: 0x0a },
    ]);
  });
});
