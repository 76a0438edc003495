import { describe, expect, it } from 'vitest';
import { known, parseReadings, readingLine } from '../../../src/core/infra/gpuReadings';

const reading = (t: number, util: number | null) => ({
  t,
  gpus: [{ utilPercent: util, memUsedMiB: 40_000, memTotalMiB: 81_559 }],
});

describe('the GPU readings file', () => {
  it('reads back what was appended, leaving out a last line cut short', () => {
    const text = readingLine(reading(1, 37)) + readingLine(reading(2, null)) + '{"t":3,"gp';
    expect(parseReadings(text, 'gpu.jsonl')).toEqual([reading(1, 37), reading(2, null)]);
    expect(parseReadings('', 'gpu.jsonl')).toEqual([]);
  });

  it('names the file and line of a bad reading and says what to do', () => {
    const text = readingLine(reading(1, 37)) + '{"t":"soon","gpus":[]}\n';
    expect(() => parseReadings(text, '/s/gpu.jsonl')).toThrow(
      /^\/s\/gpu\.jsonl:2: not a GPU reading \(t: .*\); delete the file to start the GPU timeline over$/,
    );
    expect(() => parseReadings('nope\n', 'gpu.jsonl')).toThrow(/^gpu\.jsonl:1: not JSON/);
  });

  it("keeps nvidia-smi's [N/A] (NaN once read as a number) as unknown", () => {
    expect(known(Number('[N/A]'))).toBeNull();
    expect(known(Number('[Not Supported]'))).toBeNull();
    expect(known(Number(' 81559'))).toBe(81559);
  });
});
