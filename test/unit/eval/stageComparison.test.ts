import { describe, expect, it } from 'vitest';
import { cellKey, stageTable } from '../../../src/core/eval/stageComparison';
import { stageEval } from './evalHelpers';

const ALL = (rewards: number[][]) => ({ airline: rewards, retail: rewards, telecom: rewards });

describe('stageTable', () => {
  it("lays stages out as rows with pass@1 and pass@k per domain and overall, like the cookbook's table", () => {
    const table = stageTable([
      stageEval('Baseline', 'pass@1', ALL([[0], [0], [1]])),
      stageEval(
        'Baseline',
        'pass@4',
        ALL([
          [0, 0, 0, 1],
          [0, 0, 0, 0],
          [1, 1, 1, 1],
        ]),
      ),
      stageEval('GRPO', 'pass@1', ALL([[1], [0], [1]])),
      stageEval(
        'GRPO',
        'pass@4',
        ALL([
          [1, 0, 0, 1],
          [0, 1, 0, 0],
          [1, 1, 1, 1],
        ]),
      ),
    ]);
    expect(table.rows.map((r) => r.stage)).toEqual(['Baseline', 'GRPO']);
    expect(table.columns.map((c) => c.key)).toEqual([
      'pass@1|overall',
      'pass@1|airline',
      'pass@1|retail',
      'pass@1|telecom',
      'pass@k|overall',
      'pass@k|airline',
      'pass@k|retail',
      'pass@k|telecom',
    ]);
    expect(table.k).toBe(4);
    const grpo = table.rows[1]!.cells;
    expect(grpo[cellKey('pass@1', 'overall')]?.value).toBeCloseTo(2 / 3, 12);
    expect(grpo[cellKey('pass@k', 'airline')]?.value).toBe(1);
    // pass^4 beside pass@4: only the task solved in all four attempts counts.
    expect(grpo[cellKey('pass@k', 'airline')]?.passHatK).toBeCloseTo(1 / 3, 12);
    for (const row of table.rows)
      for (const c of Object.values(row.cells)) expect(c?.notComparable).toEqual([]);
  });

  it("marks the thread's three mix-ups: sampled pass@1 beside greedy, another user simulator, pass@k at another k", () => {
    const table = stageTable([
      stageEval('Baseline', 'pass@1', ALL([[0], [1]])),
      stageEval(
        'Baseline',
        'pass@4',
        ALL([
          [0, 1, 0, 0],
          [1, 1, 1, 1],
        ]),
      ),
      stageEval('SFT1', 'pass@1', ALL([[1], [1]])),
      stageEval(
        'SFT1',
        'pass@4',
        ALL([
          [0, 1, 1, 0],
          [1, 1, 1, 1],
        ]),
      ),
      // GRPO's pass@1 sampled at temperature 1.0, and its pass@4 against gpt-4.1-2025-04-14.
      stageEval('GRPO', 'pass@1', ALL([[1], [1]]), (s) => ({
        ...s,
        decoding: { ...s.decoding, temperature: 1 },
      })),
      stageEval(
        'GRPO',
        'pass@4',
        ALL([
          [1, 1, 1, 0],
          [1, 1, 1, 1],
        ]),
        (s) => ({
          ...s,
          userSimulator: { ...s.userSimulator, model: 'gpt-4.1-2025-04-14' },
        }),
      ),
    ]);
    const cell = (stage: string, key: string) => table.rows.find((r) => r.stage === stage)!.cells[key]!;
    expect(cell('GRPO', 'pass@1|overall').notComparable).toEqual([
      'decoding: sampled, temperature 1, top-p 1, top-k 20, while 2 other stages have greedy',
    ]);
    expect(cell('GRPO', 'pass@k|retail').notComparable).toEqual([
      'user simulator: gpt-4.1-2025-04-14 at temperature 0.7, while 2 other stages have gpt-4.1-mini at temperature 0.7',
    ]);
    expect(cell('SFT1', 'pass@1|overall').notComparable).toEqual([]);
    expect(cell('Baseline', 'pass@k|overall').notComparable).toEqual([]);
    expect(table.columns.find((c) => c.key === 'pass@1|overall')?.reference.decoding).toBe('greedy');
  });

  it('takes greedy decoding as one setting whatever its top-p and top-k', () => {
    const table = stageTable([
      stageEval('SFT', 'pass@1', ALL([[1]])),
      stageEval('GRPO', 'pass@1', ALL([[1]]), (s) => ({
        ...s,
        decoding: { temperature: 0, topP: 0.8, topK: -1 },
      })),
    ]);
    for (const row of table.rows) expect(row.cells['pass@1|overall']?.notComparable).toEqual([]);
  });

  it('marks another k, split, tau2 commit or task count, naming each difference', () => {
    const table = stageTable([
      stageEval(
        'Baseline',
        'pass@4',
        ALL([
          [1, 0, 0, 0],
          [0, 0, 0, 0],
        ]),
      ),
      stageEval(
        'SFT1',
        'pass@4',
        ALL([
          [1, 1, 0, 0],
          [0, 0, 0, 0],
        ]),
      ),
      stageEval(
        'GRPO',
        'pass@4',
        {
          airline: [
            [1, 1],
            [1, 0],
            [0, 0],
          ],
        },
        (s) => ({ ...s, k: 2, split: 'train' }),
        null,
      ),
    ]);
    const grpo = table.rows.find((r) => r.stage === 'GRPO')!.cells['pass@k|airline']!;
    expect(grpo.notComparable).toEqual([
      'k: k = 2, while 2 other stages have k = 4',
      'split: train split, while 2 other stages have test split',
      'tau2-bench commit: not recorded, while 2 other stages have 337326e',
      'tasks: 3 tasks, while 2 other stages have 2 tasks',
    ]);
    // GRPO has no retail figure: its cell is absent, not zero.
    expect(table.rows.find((r) => r.stage === 'GRPO')!.cells['pass@k|retail']).toBeUndefined();
  });

  it("on a tie takes the earliest stage's settings as the reference; a lone cell is comparable", () => {
    const table = stageTable([
      stageEval('SFT', 'pass@4', ALL([[1, 1, 1, 1]])),
      stageEval('GRPO', 'pass@4', ALL([[1, 1, 1, 1]]), (s) => ({ ...s, split: 'base' })),
      stageEval('GRPO', 'pass@1', ALL([[1]])),
    ]);
    expect(table.rows[0]!.cells['pass@k|overall']?.notComparable).toEqual([]);
    expect(table.rows[1]!.cells['pass@k|overall']?.notComparable).toEqual([
      'split: base split, while the other stage has test split',
    ]);
    // SFT's pass@1 comes from its pass@4 eval (sampled) and GRPO's from a greedy one: one each, a tie.
    expect(table.rows[0]!.cells['pass@1|overall']?.notComparable).toEqual([]);
    expect(table.rows[1]!.cells['pass@1|overall']?.notComparable).toEqual([
      'decoding: greedy, while the other stage has sampled, temperature 0.8, top-p 1, top-k 20',
    ]);
  });
});
