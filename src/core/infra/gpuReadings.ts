import * as z from 'zod';

// GPU use over a run's life: one line per nvidia-smi reading, kept beside the run's local store so the
// timeline is still there after a reload, and only ever appended to.

/** One GPU in one reading; null where nvidia-smi said "[N/A]" or "[Not Supported]". */
export interface GpuUse {
  utilPercent: number | null;
  memUsedMiB: number | null;
  memTotalMiB: number | null;
}

/** Every GPU of the box at one moment (`t`: milliseconds since the epoch, on this machine's clock). */
export interface GpuReading {
  t: number;
  gpus: GpuUse[];
}

const nullableNumber = z.number().nullable();
const READING = z.object({
  t: z.number(),
  gpus: z.array(
    z.object({ utilPercent: nullableNumber, memUsedMiB: nullableNumber, memTotalMiB: nullableNumber }),
  ),
});

/** A probe's number as a reading keeps it: nvidia-smi's "[N/A]" reaches us as NaN and is kept as null. */
export const known = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function readingLine(r: GpuReading): string {
  return `${JSON.stringify(r)}\n`;
}

/**
 * The readings of a file of reading lines. A last line without its newline is a write cut short (the
 * editor quit mid-append) and is left out; any other bad line is an error naming it.
 */
export function parseReadings(text: string, file: string): GpuReading[] {
  const lines = text.split('\n');
  // Everything after the last newline is either '' or a torn write.
  lines.pop();
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(
        `${file}:${i + 1}: not JSON (${(e as Error).message}); delete the file to start the GPU timeline over`,
        { cause: e },
      );
    }
    const parsed = READING.safeParse(value);
    if (!parsed.success)
      throw new Error(
        `${file}:${i + 1}: not a GPU reading (${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}); delete the file to start the GPU timeline over`,
      );
    return [parsed.data];
  });
}
