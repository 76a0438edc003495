import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importTau2ResultsFile } from '../../../src/core/importers/tau2Results';
import { importTau2ResultsDir } from '../../../src/core/importers/tau2ResultsDir';
import type { ImportResult } from '../../../src/core/importers/importResult';
import { fixturePath, readFixture } from './fixtures';

const SHARED = fileURLToPath(
  new URL('../../../../shared/fixtures/tau2/gpt-4.1_telecom_no-user_4trials_5tasks.json', import.meta.url),
);

function expectTelecomRun(result: ImportResult) {
  expect(result.problems).toEqual([]);
  expect(result.samples).toHaveLength(20);
  const turns = result.samples.flatMap((s) => s.turns);
  expect(turns.flatMap((t) => t.toolCalls)).toHaveLength(192);
  const toolTurns = turns.filter((t) => t.role === 'tool');
  expect(toolTurns).toHaveLength(192);
  // Every result is paired with the call it answers, by id.
  expect(toolTurns.every((t) => t.toolName !== undefined && t.toolCallId?.startsWith('call_'))).toBe(true);
  for (const s of result.samples) {
    expect(s.domain).toBe('telecom');
    expect(s.terminationReason).toBe('agent_stop');
    expect(s.status).toBe('completed');
    expect(s.rewardInfo?.reward_basis).toEqual(['ENV_ASSERTION']);
    expect(s.reward.value).toBe(s.rewardInfo?.reward);
    expect(s.group).toBe(s.taskId);
  }
  expect(new Set(result.samples.map((s) => s.taskId)).size).toBe(5);
}

describe('tau2 results, v0.x single file', () => {
  it('reads the committed trimmed copy of the real telecom run', () => {
    expectTelecomRun(
      importTau2ResultsFile(readFixture('tau2-v0-telecom-gpt41-trimmed.json'), 'trimmed.json'),
    );
  });

  it.skipIf(!existsSync(SHARED))(
    'reads the full real file in ../shared (skipped in a fresh clone, which has no ../shared)',
    () => {
      expectTelecomRun(importTau2ResultsFile(readFileSync(SHARED, 'utf8'), SHARED));
    },
  );

  it('reports unreadable simulations with their field path and keeps the rest', () => {
    const doc = {
      info: { environment_info: { domain_name: 'airline' } },
      simulations: [
        {
          id: 'a',
          task_id: 1,
          trial: 0,
          termination_reason: 'agent_stop',
          reward_info: { reward: 1 },
          messages: [],
        },
        { task_id: '2', messages: [] },
        {
          id: 'c',
          task_id: '3',
          messages: [
            { role: 'robot', content: 'x' },
            { role: 'user', content: 'hi' },
          ],
        },
      ],
    };
    const r = importTau2ResultsFile(JSON.stringify(doc, null, 1), 'r.json');
    expect(r.samples.map((s) => s.id)).toEqual(['a', 'c']);
    expect(r.samples[0]?.group).toBe('1');
    expect(r.skipped).toBe(1);
    // Whole-file JSON problems get the line of the value they are about (the enclosing one if it is missing).
    expect(r.problems).toContainEqual({
      file: 'r.json',
      line: 18,
      path: 'simulations[1].id',
      message: 'Invalid input: expected string, received undefined',
    });
    expect(r.problems).toContainEqual(
      expect.objectContaining({ line: 27, path: 'simulations[2].messages[0].role' }),
    );
    expect(r.samples[1]?.turns.map((t) => t.text)).toEqual(['hi']);
  });

  it('reports a file that is not JSON instead of throwing', () => {
    const r = importTau2ResultsFile('{"simulations": [', 'bad.json');
    expect(r.samples).toEqual([]);
    expect(r.problems[0]?.message).toMatch(/^not JSON/);
  });
});

describe('tau2 results, v1 directory layout', () => {
  it('reads simulations through the index, with user tool calls, tool errors and infrastructure errors', async () => {
    const dir = fixturePath('tau2-v1-dir');
    const r = await importTau2ResultsDir(dir, (p) => readFile(p, 'utf8'));
    expect(r.samples.map((s) => s.id)).toEqual(['sim-0001', 'sim-0002', 'sim-0003']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      path: 'simulation_index[3]',
      file: `${dir}/results.json`,
      line: 56,
    });
    expect(r.skipped).toBe(1);
    const [ok, truncated, infra] = r.samples;
    const userCall = ok?.turns.find((t) => t.role === 'user' && t.toolCalls.length > 0);
    expect(userCall?.toolCalls[0]).toMatchObject({ name: 'toggle_data', requestor: 'user' });
    const userResult = ok?.turns.find((t) => t.role === 'tool' && t.requestor === 'user');
    expect(userResult).toMatchObject({ toolName: 'toggle_data', isError: false, toolCallId: 'call_u1' });
    const error = ok?.turns.find((t) => t.isError === true);
    expect(error).toMatchObject({ toolName: 'resume_line', text: 'Error: Line must be suspended to resume' });
    expect(truncated).toMatchObject({ status: 'truncated', terminationReason: 'max_steps' });
    expect(infra).toMatchObject({ status: 'aborted', terminationReason: 'infrastructure_error', turns: [] });
    expect(infra?.reward.value).toBeNull();
    // The agent's completion tokens only; the user simulator's are not the policy's response.
    expect(ok?.lengths.responseTokens).toBe(30 + 12);
    expect(r.info?.['num_trials']).toBe(3);
  });

  it('reports a missing results.json', async () => {
    const r = await importTau2ResultsDir('/nonexistent-dir', (p) => readFile(p, 'utf8'));
    expect(r.samples).toEqual([]);
    expect(r.problems[0]?.message).toMatch(/^cannot read/);
  });
});
