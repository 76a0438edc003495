import { describe, expect, it } from 'vitest';
import { importEpisodeLog } from '../../../src/core/importers/episodeLog';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import { fixturePath, readFixture } from './fixtures';

describe('episode.jsonl step logs', () => {
  const file = fixturePath('episode-log/task_000012/episode.jsonl');
  const r = importEpisodeLog(readFixture('episode-log/task_000012/episode.jsonl'), file, {
    analyzer: profileAnalyzer(parseProfile({})),
  });

  it('makes one sample of the episode, task from the folder name, reward from the final env step', () => {
    expect(r.samples).toHaveLength(1);
    const s = r.samples[0];
    expect(s).toMatchObject({ taskId: '12', group: '12', status: 'completed', reward: { value: 1 } });
    expect(s?.turns.map((t) => t.role)).toEqual(['assistant', 'tool', 'assistant', 'user']);
    expect(s?.turns[1]).toMatchObject({ toolName: 'find_user_id_by_email', text: 'yusuf_rossi_9620' });
    expect(s?.turns[0]?.toolCalls).toEqual([
      { name: 'find_user_id_by_email', arguments: { email: 'a@b.c' } },
    ]);
    // The turn's calls came from the log, so the engine leaves it; the text-only reply gets a verdict.
    expect(s?.turns[0]?.analysis).toBeUndefined();
    expect(s?.turns[2]?.analysis?.verdict.calls).toEqual([]);
  });

  it('reports unknown phases by line and keeps going', () => {
    expect(r.problems).toEqual([
      { file, line: 7, path: 'phase', message: 'unknown phase "teleport"; record skipped' },
    ]);
    expect(r.skipped).toBe(1);
  });

  it('marks failed parses and env errors as aborted, steps without done as truncated', () => {
    const lines = [
      { step_id: 0, phase: 'llm_output', finish_type: 'stop', assistant: '<tool_call>{"name": "x"}' },
      { step_id: 0, phase: 'tool_parse', tool_parse_ok: false, tool_parse_error: 'bad' },
    ];
    const aborted = importEpisodeLog(lines.map((l) => JSON.stringify(l)).join('\n'), 'episode.jsonl');
    expect(aborted.samples[0]).toMatchObject({ status: 'aborted', metadata: { tool_parse_failures: 1 } });
    const envFail = { step_id: 0, phase: 'env_step', env_step_ok: false, error: 'Boom()', action_name: 'x' };
    const failed = importEpisodeLog([lines[0], envFail].map((l) => JSON.stringify(l)).join('\n'), 'e.jsonl');
    expect(failed.samples[0]?.turns[1]).toMatchObject({ role: 'tool', isError: true, text: 'Boom()' });
    const open = importEpisodeLog(JSON.stringify(lines[0]), 'e.jsonl');
    expect(open.samples[0]?.status).toBe('truncated');
  });
});
