import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runSummaryCommand } from '../../../src/cli/summary';
import { fixturePath } from '../importers/fixtures';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
      readFile: (p: string) => readFile(p, 'utf8'),
    },
  };
}

describe('rollout-studio summary', () => {
  it('prints the contract JSON for the real telecom run', async () => {
    const t = io();
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
    const t = io();
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
    expect(await runSummaryCommand([], io().io)).toBe(2);
    expect(await runSummaryCommand(['x', '--format', 'xml'], io().io)).toBe(2);
    expect(await runSummaryCommand(['x', '--from', 'csv'], io().io)).toBe(2);
    const missing = io();
    expect(await runSummaryCommand(['/nonexistent.json'], missing.io)).toBe(2);
    expect(missing.err.join('')).toContain('/nonexistent.json: cannot read');
    const unknown = io();
    const notes = { ...unknown.io, readFile: async () => 'plain notes, not rollouts' };
    expect(await runSummaryCommand(['notes.txt'], notes)).toBe(2);
    expect(unknown.err.join('')).toContain(
      'notes.txt: cannot tell which format this is; name it with --from',
    );
  });
});
