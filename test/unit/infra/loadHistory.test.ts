import { describe, expect, it } from 'vitest';
import {
  LOAD_HISTORY_LENGTH,
  describeFigure,
  loadTable,
  sparkline,
  withReading,
} from '../../../src/core/infra/loadHistory';
import type { LoadReading } from '../../../src/core/infra/loadHistory';

const reading = (s: number, genThroughput: number | null, queued = 0, kvCacheUse = 0.5): LoadReading => ({
  at: Date.UTC(2026, 11, 7, 22, 0, s),
  load: { running: 4, queued, kvCacheUse, genThroughput },
});

describe("a server's load over the last minute", () => {
  it('keeps the newest readings, oldest first, up to the limit', () => {
    let history: LoadReading[] = [];
    for (let s = 0; s < LOAD_HISTORY_LENGTH + 5; s++) history = withReading(history, reading(s % 60, s));
    expect(history).toHaveLength(LOAD_HISTORY_LENGTH);
    expect(history[0]!.load.genThroughput).toBe(5);
    expect(history.at(-1)!.load.genThroughput).toBe(LOAD_HISTORY_LENGTH + 4);
  });

  it('draws bars from zero to the largest value, or to a fixed top, with gaps for missing values', () => {
    expect(sparkline([0, 350, 700, null, 700])).toBe('▁▅█ █');
    expect(sparkline([0, 0])).toBe('▁▁');
    // KV-cache use is drawn on 0…1 whatever the largest reading: 50% is half height.
    expect(sparkline([0.5, 1], 1)).toBe('▅█');
    expect(sparkline([])).toBe('');
  });

  it('says each figure in words and lists every reading in a table, newest first', () => {
    const history = [reading(1, 1200.4, 0), reading(2, null, 3), reading(3, 800, 1, 0.92)];
    expect(describeFigure(history, 'genThroughput')).toBe(
      'Throughput over the last 3 readings: now 800 tok/s, lowest 800 tok/s, highest 1,200 tok/s',
    );
    expect(describeFigure(history, 'kvCacheUse')).toBe(
      'KV cache over the last 3 readings: now 92%, lowest 50%, highest 92%',
    );
    expect(loadTable(history).split('\n')).toEqual([
      'time      Throughput   Queued    Running    KV cache',
      '22:00:03  800 tok/s    1 queued  4 running  92%',
      '22:00:02  —            3 queued  4 running  50%',
      '22:00:01  1,200 tok/s  0 queued  4 running  50%',
    ]);
  });
});
