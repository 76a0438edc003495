import type { promises as fs } from 'node:fs';
import type { SampleColumns } from './sampleColumns';

const MAX_BYTES = 8 * 1024 * 1024;

/** Samples up to `to` (exclusive) read at once; `text(seq)` is one of their records as written. */
export interface SampleTexts {
  to: number;
  text(seq: number): string;
}

/**
 * Reads the records of the samples from `from` on out of the mirror in one read: up to `count` adjacent
 * samples and 8 MB (at least one sample), and only those wholly on disk. Background readers (the body
 * scan, the text search) go through a run this way, so a large run is never in memory whole and a record
 * still being written is left for the next pass. `to === from` when the next record is not on disk yet.
 */
export async function readSampleTexts(
  handle: fs.FileHandle,
  samples: SampleColumns,
  from: number,
  count: number,
): Promise<SampleTexts> {
  const size = (await handle.stat()).size;
  const end = (seq: number) => samples.offset(seq) + samples.byteLength(seq);
  let to = from;
  while (
    to < samples.length &&
    to - from < count &&
    end(to) <= size &&
    (to === from || end(to) - samples.offset(from) <= MAX_BYTES)
  )
    to++;
  if (to === from) return { to, text: () => '' };
  const first = samples.offset(from);
  const buffer = Buffer.alloc(end(to - 1) - first);
  await handle.read(buffer, 0, buffer.length, first);
  return {
    to,
    text: (seq) => {
      const at = samples.offset(seq) - first;
      return buffer.toString('utf8', at, at + samples.byteLength(seq));
    },
  };
}
