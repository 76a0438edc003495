import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/core/store/lineSplitter';
import type { Line, SkippedLine } from '../../../src/core/store/lineSplitter';

function split(chunks: Buffer[], max: number, start = 0) {
  const lines: Line[] = [];
  const skipped: SkippedLine[] = [];
  const s = new LineSplitter({ line: (l) => lines.push(l), skipped: (k) => skipped.push(k) }, max, start);
  for (const c of chunks) s.push(c);
  return { lines, skipped, resume: s.resumeOffset };
}

describe('LineSplitter', () => {
  it('yields the same lines and offsets however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\n/g, ''))),
        fc.array(fc.nat({ max: 30 })),
        (texts, cuts) => {
          const whole = Buffer.from(texts.map((t) => `${t}\n`).join(''), 'utf8');
          const chunks: Buffer[] = [];
          let at = 0;
          for (const c of cuts) {
            chunks.push(whole.subarray(at, Math.min(whole.length, at + c)));
            at = Math.min(whole.length, at + c);
          }
          chunks.push(whole.subarray(at));
          const { lines, resume } = split(chunks, 1 << 20, 100);
          const expected = texts.filter((t) => t.length > 0);
          expect(lines.map((l) => l.bytes.toString('utf8'))).toEqual(expected);
          for (const l of lines)
            expect(whole.subarray(l.offset - 100, l.offset - 100 + l.bytes.length).equals(l.bytes)).toBe(
              true,
            );
          expect(resume).toBe(100 + whole.length);
        },
      ),
    );
  });

  it('keeps an unfinished last line for later and resumes after the last complete one', () => {
    const { lines, resume } = split([Buffer.from('{"a":1}\n{"b":'), Buffer.from('2')], 100);
    expect(lines).toHaveLength(1);
    expect(resume).toBe(8);
  });

  it('skips a line longer than the limit without buffering it, and goes on', () => {
    const long = 'x'.repeat(5000);
    const chunks = [
      Buffer.from('ok1\n'),
      ...Array.from({ length: 50 }, () => Buffer.from(long.slice(0, 100))),
      Buffer.from('\nok2\n'),
    ];
    const { lines, skipped } = split(chunks, 1000);
    expect(lines.map((l) => l.bytes.toString())).toEqual(['ok1', 'ok2']);
    expect(skipped).toEqual([{ offset: 4, length: 5000 }]);
    expect(lines[1]?.offset).toBe(5005);
  });
});
