import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runSummaryCommand } from '../../../src/cli/summary';
import { detectFormat } from '../../../src/core/importers/detectFormat';
import { loadSource } from '../../../src/core/importers/loadSource';
import { importRelaxResults, relaxFileStep } from '../../../src/core/importers/relaxResults';
import { fixturePath, readFixture } from './fixtures';
import { capturedIo } from '../capturedIo';

const reader = { readFile: (p: string) => readFile(p, 'utf8'), listDir: (p: string) => readdir(p) };

describe('Relax rollout_result files', () => {
  it('takes the step from the file name and the eval flag from the folder', () => {
    expect(relaxFileStep('/runs/x/rollout_result/train/12.jsonl')).toEqual({ step: 12, evaluation: false });
    expect(relaxFileStep('rollout_result\\eval\\4.jsonl')).toEqual({ step: 4, evaluation: true });
    expect(relaxFileStep('results.jsonl')).toBeUndefined();
  });

  it('reads string and chat-message prompts, groups by group_index and keeps lengths', () => {
    const file = 'rollout_result/train/3.jsonl';
    const r = importRelaxResults(readFixture('relax-rollout_result/train/3.jsonl'), file);
    expect(r.format).toBe('relax');
    expect(r.problems).toEqual([]);
    expect(r.samples.map((s) => [s.step, s.evaluation, s.group, s.index, s.status])).toEqual([
      [3, false, '0', 0, 'completed'],
      [3, false, '0', 1, 'completed'],
      [3, false, '1', 0, 'completed'],
      [3, false, '1', 1, 'truncated'],
    ]);
    const [plain, , chat] = r.samples;
    expect(plain?.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(plain?.lengths).toEqual({ turns: 2, promptTokens: 18, responseTokens: 12 });
    expect(plain?.metadata).toMatchObject({ label: '51', agent_turns: 1, sample_index: 0 });
    expect(chat?.turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant']);
    // A dict reward is read through its "reward" key, as slime does without --reward-key.
    expect(chat?.reward.value).toBe(1);
  });

  it('reports a malformed record by file:line and field and reads the rest', () => {
    const file = 'rollout_result/train/4.jsonl';
    const r = importRelaxResults(readFixture('relax-rollout_result/train/4.jsonl'), file);
    expect(r.samples).toHaveLength(2);
    expect(r.skipped).toBe(1);
    expect(r.problems).toEqual([
      { file, line: 3, path: 'response_length', message: 'expected a non-negative integer, got "5"' },
    ]);
  });

  it('flags eval files, whose dataset becomes the domain and whose null group_index is group 0', () => {
    const r = importRelaxResults(
      readFixture('relax-rollout_result/eval/4.jsonl'),
      'rollout_result/eval/4.jsonl',
    );
    expect(r.samples.map((s) => [s.step, s.evaluation, s.group, s.index, s.domain])).toEqual([
      [4, true, '0', 0, 'aime-mini'],
      [4, true, '0', 1, 'aime-mini'],
    ]);
  });

  it('is recognised by content and read as a whole folder, train and eval', async () => {
    expect(detectFormat('x.jsonl', readFixture('relax-rollout_result/train/3.jsonl')).format).toBe('relax');
    const r = await loadSource(fixturePath('relax-rollout_result'), 'auto', reader);
    expect(r.format).toBe('relax');
    expect(r.samples.map((s) => `${s.evaluation ? 'eval' : 'train'}-${s.step}`)).toEqual([
      ...Array<string>(4).fill('train-3'),
      ...Array<string>(2).fill('train-4'),
      ...Array<string>(2).fill('eval-4'),
    ]);
    expect(r.problems.map((p) => `${p.file.replace(/.*rollout_result\//, '')}:${p.line}: ${p.path}`)).toEqual(
      ['train/4.jsonl:3: response_length'],
    );
    const train = await loadSource(fixturePath('relax-rollout_result/train'), 'relax', reader);
    expect(train.samples).toHaveLength(6);
  });

  it('reaches `rollout-studio summary` with the folder as its source', async () => {
    const t = capturedIo();
    expect(await runSummaryCommand([fixturePath('relax-rollout_result'), '--format', 'json'], t.io)).toBe(0);
    const doc = JSON.parse(t.stdout()) as {
      simulations: number;
      discarded: { counts: Record<string, number> };
    };
    expect(doc.simulations).toBe(8);
    // Step 4's only group has two equal rewards: the group is zero-std. Relax writes no step records.
    expect(doc.discarded.counts).toEqual({ 'zero-std': 2, aborted: 0, removed: 0, 'never-trained': 0 });
    expect(t.stderr()).toMatch(/train\/4\.jsonl:3: response_length: expected a non-negative integer/);
  });
});
