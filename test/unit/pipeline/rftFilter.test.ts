import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importText } from '../../../src/core/importers/importText';
import { datasetFindings } from '../../../src/core/pipeline/datasetFindings';
import { datasetReport } from '../../../src/core/pipeline/datasetReport';
import { filterRft } from '../../../src/core/pipeline/rftFilter';
import { sftDatasetText } from '../../../src/core/pipeline/sftDataset';
import { parseProfile } from '../../../src/core/toolcall/profile';

const fixture = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));
const TAU2 = fixture('upstream/tau2/gpt-4.1_telecom_no-user_4trials_5tasks.json');
const RECIPE = fixture('pipeline/rft-recipe-samples.jsonl');
const profile = parseProfile({});

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { prompt: Record<string, unknown>[]; metadata: Record<string, unknown> });

describe('the RFT filter on real tau2 results (telecom, gpt-4.1, 5 tasks × 4 trials)', () => {
  const imported = importText('tau2', readFileSync(TAU2, 'utf8'), TAU2);
  const result = filterRft(imported.samples);

  it('keeps every success and nothing of the task that never succeeded', () => {
    // Counted by hand in the file, by listing each of the 20 simulations' task_id and reward_info.reward
    // (e.g. `jq -c '.simulations[] | [.task_id, .reward_info.reward]'`):
    // data_saver_mode_on|data_usage_exceeded failed all 4 trials (reward 0.0); the other 4 tasks succeeded
    // in all 4 trials (reward 1.0). tau2 results carry no partial_score, so the failed task has nothing
    // to keep.
    expect(result.domains).toEqual([
      { domain: 'telecom', tasks: 5, attempts: 20, successes: 16, kept: 16, tasksKept: 4 },
    ]);
    const failed = result.tasks.find((t) => t.task.includes('data_saver_mode_on|data_usage_exceeded'));
    expect(failed).toEqual({
      domain: 'telecom',
      task: '[mobile_data_issue]data_saver_mode_on|data_usage_exceeded[PERSONA:Easy]',
      attempts: 4,
      successes: 0,
      kept: 0,
      keptBy: 'none',
    });
    expect(result.tasks.filter((t) => t.keptBy === 'success').map((t) => t.kept)).toEqual([4, 4, 4, 4]);
    expect(result.removed).toBe(0);
  });

  it('writes the kept simulations as chats with the calls as tool_calls and the results as tool messages', () => {
    const records = lines(sftDatasetText(result.kept));
    expect(records).toHaveLength(16);
    // By hand over the 16 successful simulations (their `messages` arrays, counted by `role` and by
    // non-empty `tool_calls`): 344 messages, 180 assistant (164 of them with a tool call, one call each)
    // and 164 tool results, all requested by the assistant; no user turns ("no-user").
    const messages = records.flatMap((r) => r.prompt);
    expect(messages).toHaveLength(344);
    expect(messages.filter((m) => m.role === 'assistant')).toHaveLength(180);
    expect(messages.filter((m) => Array.isArray(m.tool_calls))).toHaveLength(164);
    expect(messages.filter((m) => m.role === 'tool')).toHaveLength(164);
    expect(messages.filter((m) => m.role === 'tool').every((m) => typeof m.tool_call_id === 'string')).toBe(
      true,
    );
    expect(new Set(records.map((r) => r.metadata.kept_by))).toEqual(new Set(['success']));
    expect(records.every((r) => r.metadata.domain === 'telecom' && r.metadata.reward === 1)).toBe(true);
  });
});

describe('the RFT filter on tau2 recipe samples', () => {
  const imported = importText('tau2-recipe', readFileSync(RECIPE, 'utf8'), RECIPE);
  const result = filterRft(imported.samples);

  it('applies the cookbook rule task by task', () => {
    expect(imported.samples).toHaveLength(16);
    // Hand counts from the fixture's 16 lines, read off each line's metadata.domain, metadata.task_id,
    // remove_sample, reward (the task reward, as rollout.py sets it; equal to metadata.raw_reward) and
    // metadata.partial_score:
    //   lines 1-4   airline 7:   raw 1, 0, 1, 0 (line 4 removed); partial 1, .3, 1, 0
    //   lines 5-8   airline 12:  raw 0 ×4; partial .4, .7, .65, .7
    //   lines 9-12  retail 3:    raw 0 ×4; partial .5, .55, .2, 0
    //   lines 13-16 telecom:     raw 1, 0, 0, 0 (shaped 1.4, .4, 0, .2); partial 1, 1, 0, .5
    // so, by the cookbook's rule:
    // airline 7: rewards 1, 0, 1 and a removed attempt → 3 judged, 2 successes kept;
    // airline 12: no success, partial scores .4 .7 .65 .7 → the first .7 (line 6) kept;
    // retail 3: no success, best partial .55 < .6 → nothing;
    // telecom: raw rewards 1, 0, 0, 0 → 1 kept; line 14's partial 1.0 does not count, the task had a
    // success.
    expect(result.removed).toBe(1);
    expect(result.tasks.map((t) => [t.domain, t.task, t.attempts, t.successes, t.kept, t.keptBy])).toEqual([
      ['airline', '12', 4, 0, 1, 'partial'],
      ['airline', '7', 3, 2, 2, 'success'],
      ['retail', '3', 4, 0, 0, 'none'],
      ['telecom', '[mobile_data_issue]airplane_mode_on', 4, 1, 1, 'success'],
    ]);
    expect(result.domains).toEqual([
      { domain: 'airline', tasks: 2, attempts: 7, successes: 2, kept: 3, tasksKept: 2 },
      { domain: 'retail', tasks: 1, attempts: 4, successes: 0, kept: 0, tasksKept: 0 },
      { domain: 'telecom', tasks: 1, attempts: 4, successes: 1, kept: 1, tasksKept: 1 },
    ]);
    expect(result.kept.map((k) => [k.sample.source.line, k.keptBy])).toEqual([
      [1, 'success'],
      [3, 'success'],
      [6, 'partial'],
      [13, 'success'],
    ]);
  });

  it('writes the recipe chats back unchanged and lints them per domain and task', () => {
    const text = sftDatasetText(result.kept);
    const records = lines(text);
    const source = readFileSync(RECIPE, 'utf8').trim().split('\n');
    // The recipe's own transcript: tool results stay user messages "Tool result for …".
    expect(records[0]?.prompt).toEqual((JSON.parse(source[0] as string) as { prompt: unknown }).prompt);
    const report = datasetReport(text, profile);
    // 4 records × 3 assistant turns; line 3's first call lacks the newline after <tool_call> (TC010, one error).
    expect(report.total).toMatchObject({ records: 4, assistantTurns: 12, turnsWithErrors: 1, problems: 0 });
    expect(report.byDomain.airline).toMatchObject({ records: 3, assistantTurns: 9, turnsWithErrors: 1 });
    expect(report.byDomain.telecom).toMatchObject({ records: 1, assistantTurns: 3, turnsWithErrors: 0 });
    expect(report.byTask['airline / 7']).toMatchObject({ records: 2, turnsWithErrors: 1 });
    expect(report.byTask['airline / 12']).toMatchObject({ records: 1, turnsWithErrors: 0 });
    expect(report.byCode).toEqual({ TC010: 1 });
  });
});

describe('the dataset lint in the launch review', () => {
  it('notes the counts, warns about turns SFT would learn broken, and blocks an empty dataset', () => {
    const text = readFileSync(RECIPE, 'utf8');
    const findings = datasetFindings('/d/seed.jsonl', datasetReport(text, profile));
    expect(findings[0]).toEqual({
      code: 'RS502',
      severity: 'warning',
      flag: '--prompt-data',
      message:
        '1 assistant turn(s) in /d/seed.jsonl have tool-call errors that SFT would teach; open the file to see them as squiggles.',
    });
    // 16 records of 3 assistant turns; the one broken turn is line 3's (airline task 7).
    expect(findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        '/d/seed.jsonl: total: 16 record(s), 48 assistant turn(s), 1 with errors (1 error(s), 0 warning(s))',
        '/d/seed.jsonl: domain retail: 4 record(s), 12 assistant turn(s), 0 with errors (0 error(s), 0 warning(s))',
        '/d/seed.jsonl: task airline / 7: 4 record(s), 12 assistant turn(s), 1 with errors (1 error(s), 0 warning(s))',
      ]),
    );
    expect(datasetFindings('/d/empty.jsonl', datasetReport('', profile))).toEqual([
      expect.objectContaining({ code: 'RS503', severity: 'error' }),
    ]);
  });
});

describe('the review stays readable for a dataset of many tasks', () => {
  it('shows tasks with errors first and at most 20 task rows, naming how many more there are', () => {
    const record = (task: number, call: string) =>
      JSON.stringify({
        prompt: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: call },
        ],
        metadata: { domain: 'retail', task_id: String(task) },
      });
    const good = '<tool_call>\n{"name": "respond", "arguments": {"content": "ok"}}\n</tool_call>';
    const bad = '<tool_call>{"name": "respond", "arguments": {"content": "ok"}}</tool_call>';
    const text = Array.from({ length: 30 }, (_, i) => record(i, i === 25 ? bad : good)).join('\n');
    const tasks = datasetFindings('/d.jsonl', datasetReport(text, profile))
      .map((f) => f.message)
      .filter((m) => m.startsWith('/d.jsonl: task ') || m.includes('more task'));
    // 30 tasks: task 25 (the broken one) first, then 19 clean ones, then the rest counted.
    expect(tasks).toHaveLength(21);
    expect(tasks[0]).toBe(
      '/d.jsonl: task retail / 25: 1 record(s), 1 assistant turn(s), 1 with errors (1 error(s), 0 warning(s))',
    );
    expect(tasks[20]).toBe("/d.jsonl: 10 more task(s); every task's counts are in the Rollout Studio log");
  });
});
