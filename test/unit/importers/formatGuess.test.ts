import { describe, expect, it } from 'vitest';
import { runSummaryCommand } from '../../../src/cli/summary';
import { detectFormat } from '../../../src/core/importers/detectFormat';
import { readFixture } from './fixtures';
import { capturedIo } from '../capturedIo';

async function summary(files: Record<string, string>, argv: string[]) {
  const t = capturedIo(files);
  const code = await runSummaryCommand(argv, t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

const tapLines = readFixture('tap-rollouts.jsonl').trimEnd().split('\n');
const chatLines = readFixture('chat-sft.jsonl').trimEnd().split('\n');

describe('format guessed from several records', () => {
  it('reads a tap file whose first record lacks "v" as tap, rewards and steps included', async () => {
    const text = [tapLines[0]!.replace('"v": 2, ', ''), ...tapLines.slice(1)].join('\n') + '\n';
    expect(tapLines[0]).toContain('"v": 2, ');
    expect(detectFormat('rollouts.jsonl', text)).toEqual({ format: 'tap', dissent: [], sampled: 13 });
    const { code, stdout, stderr } = await summary({ 'rollouts.jsonl': text }, [
      'rollouts.jsonl',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    // Two steps of a training run: pass^k is per step (summaryCommand.test.ts), the counts whole-run.
    const doc = JSON.parse(stdout) as { steps: { passHatK: Record<string, number> }[] };
    expect(doc).toMatchObject({ kind: 'training', simulations: 10, avgReward: 0.6 });
    expect(doc.steps.map((s) => Object.keys(s.passHatK).length > 0)).toEqual([true, true]);
    expect(stderr).toBe(
      'rollouts.jsonl:1: v: no format version: read as v1 (the tap writes "v" on every record)\n',
    );
  });

  it('names the lines that look like another format than the one read', async () => {
    const text =
      [chatLines[0], ...tapLines.slice(0, 6), chatLines[1], ...tapLines.slice(6)].join('\n') + '\n';
    expect(detectFormat('mixed.jsonl', text)).toEqual({
      format: 'tap',
      dissent: [
        { line: 1, format: 'chat' },
        { line: 8, format: 'chat' },
      ],
      sampled: 15,
    });
    const { code, stderr } = await summary({ 'mixed.jsonl': text }, ['mixed.jsonl']);
    expect(code).toBe(0);
    expect(stderr).toContain(
      'mixed.jsonl:1: (root): this record looks like chat, but 13 of the first 15 look like tap, so the file is read as tap; name the format with --from if that is wrong\n',
    );
    expect(stderr).toContain('mixed.jsonl:8: (root): this record looks like chat');
  });

  it('gives no figures when the guess leaves most records out', async () => {
    const odd = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: i, text: 'x' }));
    const text = [chatLines[0], ...odd].join('\n') + '\n';
    const { code, stdout, stderr } = await summary({ 'odd.jsonl': text }, ['odd.jsonl']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'odd.jsonl: read as chat (guessed from its records), 5 of 6 records could not be read, so no figures are given; name the format with --from',
    );
    // Named explicitly, the same file is read as asked.
    expect((await summary({ 'odd.jsonl': text }, ['odd.jsonl', '--from', 'chat'])).code).toBe(0);
  });
});
