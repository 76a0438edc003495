import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSummaryCommand } from '../../../src/cli/summary';
import {
  DEMO_GROUPS_PER_STEP,
  DEMO_SAMPLES_PER_GROUP,
  demoSample,
  demoStepRecord,
} from '../../../src/core/demo/demoSamples';
import { fixturePath } from '../importers/fixtures';
import { capturedIo } from '../capturedIo';

describe('rollout-studio summary', () => {
  it('prints the contract JSON for the real telecom run', async () => {
    const t = capturedIo();
    const code = await runSummaryCommand(
      [fixturePath('tau2-v0-telecom-gpt41-trimmed.json'), '--format', 'json'],
      t.io,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(t.out.join('')) as Record<string, unknown>;
    expect(doc).toMatchObject({
      simulations: 20,
      tasks: 5,
      avgReward: 0.8,
      passHatK: { '1': 0.8, '4': 0.8 },
      passAtK: { '1': 0.8, '4': 0.8 },
      terminationReasons: { agent_stop: 20 },
      toolCalls: 192,
      toolErrors: 0,
      byDomain: { telecom: { simulations: 20, tasks: 5, passHatK: { '2': 0.8 } } },
    });
    expect(t.err).toEqual([]);
  });

  it('sums several files of different formats, directories included, and prints text', async () => {
    const t = capturedIo();
    const files = [fixturePath('tau2-v1-dir'), fixturePath('tau2-recipe-samples.jsonl')];
    expect(await runSummaryCommand(files, t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toMatch(/^all: 7 simulations, 3 tasks \(1 infrastructure errors left out\)/);
    expect(text).toContain('\ntelecom: 2 simulations, 1 tasks');
    expect(text).toContain('\nairline: 4 simulations, 1 tasks');
    // Problems inside files are reported with file:line and field path, and do not fail the command.
    expect(t.err.join('')).toContain('tau2-recipe-samples.jsonl:6: (root): not JSON');
  });

  it('exits 2 on bad usage and unreadable or unknown files', async () => {
    expect(await runSummaryCommand([], capturedIo().io)).toBe(2);
    expect(await runSummaryCommand(['x', '--format', 'xml'], capturedIo().io)).toBe(2);
    expect(await runSummaryCommand(['x', '--from', 'csv'], capturedIo().io)).toBe(2);
    const missing = capturedIo();
    expect(await runSummaryCommand(['/nonexistent.json'], missing.io)).toBe(2);
    expect(missing.err.join('')).toContain('/nonexistent.json: cannot read');
    const unknown = capturedIo();
    const notes = { ...unknown.io, readFile: async () => 'plain notes, not rollouts' };
    expect(await runSummaryCommand(['notes.txt'], notes)).toBe(2);
    expect(unknown.err.join('')).toContain(
      'notes.txt: cannot tell which format this is; name it with --from',
    );
  });

  describe('a training run (the demo: 6 steps of 6 tasks × 4 samples)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-summary-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'rollouts.jsonl');
    const lines: string[] = [];
    for (let step = 0; step < 6; step++) {
      const samples = [];
      for (let g = 0; g < DEMO_GROUPS_PER_STEP; g++)
        for (let i = 0; i < DEMO_SAMPLES_PER_GROUP; i++) samples.push(demoSample(step, g, i));
      lines.push(...samples.map((x) => JSON.stringify(x)), JSON.stringify(demoStepRecord(step, samples)));
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    it('reports pass^k per step, up to the group size, for the last steps, and says so', async () => {
      const t = capturedIo();
      expect(await runSummaryCommand([file, '--last-steps', '2'], t.io)).toBe(0);
      const text = t.out.join('');
      expect(text).toMatch(
        /^training run: 6 steps, each a policy version of its own; pass\^k and pass@k per step, the last 2 steps/,
      );
      expect(text).toContain('\nstep 4: 24 simulations, 6 tasks\n');
      expect(text).toContain('\nstep 5: 24 simulations, 6 tasks\n');
      expect(text).not.toContain('step 3:');
      // Pooled, the 144 samples made k run to 24 attempts from 6 policy versions.
      for (const line of text.split('\n').filter((l) => l.startsWith('  pass^k')))
        expect(line).toMatch(/k=4 \d\.\d{3}$/);
      expect(text).toContain('all 6 steps (counts only): 144 simulations, 6 tasks');
    });

    it('gives every step in JSON with --last-steps 0, and no pooled pass^k', async () => {
      const t = capturedIo();
      expect(await runSummaryCommand([file, '--format', 'json', '--last-steps', '0'], t.io)).toBe(0);
      const doc = JSON.parse(t.out.join('')) as {
        kind: string;
        steps: { step: number; simulations: number; passHatK: Record<string, number> }[];
        simulations: number;
      };
      expect(doc.kind).toBe('training');
      expect(doc.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(doc.steps.every((s) => s.simulations === 24 && Object.keys(s.passHatK).length === 4)).toBe(true);
      expect(doc.simulations).toBe(144);
      expect(doc).not.toHaveProperty('passHatK');
      expect(doc).not.toHaveProperty('passAtK');
    });

    it('keeps an evaluation pooled: its attempts share one checkpoint', async () => {
      const t = capturedIo();
      expect(
        await runSummaryCommand(
          [fixturePath('tau2-v0-telecom-gpt41-trimmed.json'), '--format', 'json'],
          t.io,
        ),
      ).toBe(0);
      expect(JSON.parse(t.out.join(''))).toMatchObject({ kind: 'pooled', passHatK: { '4': 0.8 } });
      expect(await runSummaryCommand([file, '--last-steps', 'x'], capturedIo().io)).toBe(2);
    });
  });
});
