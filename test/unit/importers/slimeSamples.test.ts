import { describe, expect, it } from 'vitest';
import { importSlimeSamples } from '../../../src/core/importers/slimeSamples';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import { readFixture } from './fixtures';

const analyzer = profileAnalyzer(parseProfile({}));

describe('tau2 recipe samples (slime Sample dicts)', () => {
  const r = importSlimeSamples(readFixture('tau2-recipe-samples.jsonl'), 'recipe.jsonl', { analyzer });

  it('reads every sample and reports the odd ones by line and field path', () => {
    expect(r.format).toBe('tau2-recipe');
    expect(r.samples).toHaveLength(5);
    expect(r.skipped).toBe(1);
    const at = (line: number) => r.problems.filter((p) => p.line === line).map((p) => p.path);
    // PENDING is slime's status for a sample whose generator never set one: read, not a problem.
    expect(at(5)).toEqual(['prompt[0].role', 'reward']);
    expect(at(6)).toEqual(['(root)']);
    expect(r.problems.every((p) => p.file === 'recipe.jsonl')).toBe(true);
  });

  it('groups by group_index and numbers samples inside their group', () => {
    expect(r.samples.map((s) => [s.group, s.index])).toEqual([
      ['0', 0],
      ['0', 1],
      ['1', 0],
      ['1', 1],
      ['2', 0],
    ]);
    expect(new Set(r.samples.map((s) => s.id)).size).toBe(5);
  });

  it('turns "Tool result for …" user messages into tool turns and flags Error: payloads', () => {
    const s = r.samples[2];
    const tools = s?.turns.filter((t) => t.role === 'tool') ?? [];
    expect(tools.map((t) => [t.toolName, t.isError])).toEqual([
      ['get_user_details', false],
      ['cancel_reservation', true],
      ['cancel_reservation', false],
    ]);
    expect(s?.turns.at(-1)).toMatchObject({ role: 'user', text: 'Thanks! ###STOP###' });
  });

  it("attaches the tool-call engine's verdict to assistant turns and takes their calls from it", () => {
    const good = r.samples[0]?.turns.find((t) => t.role === 'assistant');
    expect(good?.toolCalls).toEqual([{ name: 'get_user_details', arguments: { user_id: 'mia_li_3668' } }]);
    expect(good?.analysis?.verdict.reasoning).toContain('Look up the user first.');
    expect(good?.analysis?.diagnostics).toEqual([]);
    // The truncated sample's last turn lacks the newline after <tool_call>: qwen25 drops the call.
    const broken = r.samples[1]?.turns.filter((t) => t.role === 'assistant').at(-1);
    expect(broken?.toolCalls).toEqual([]);
    expect(broken?.analysis?.diagnostics.length).toBeGreaterThan(0);
  });

  it('keeps raw, shaped and partial rewards, reward_info, status and lengths', () => {
    const [ok, bad] = r.samples;
    expect(ok?.reward).toMatchObject({
      value: 1,
      raw: 1,
      partialComponents: { action: 1, communicate: 1, db: 1 },
    });
    expect(ok?.reward.shaped).toBeCloseTo(1.25);
    expect(ok?.rewardInfo?.communicate_checks?.[0]?.info).toBe('1628');
    expect(ok).toMatchObject({ status: 'completed', domain: 'airline', taskId: '7' });
    expect(ok?.lengths).toEqual({ turns: 8, responseTokens: 30, promptTokens: 10, trainableTokens: 12 });
    expect(bad).toMatchObject({ status: 'truncated', removed: true });
    expect(r.samples[4]).toMatchObject({ status: 'pending', reward: { value: null } });
  });

  it('reads a debug-dump document with its rollout id as the step', () => {
    const doc = {
      rollout_id: 'eval_3',
      samples: [{ group_index: 5, prompt: 'hello', response: 'hi', reward: 0.5 }],
    };
    const d = importSlimeSamples(JSON.stringify(doc, null, 1), 'dump.json');
    expect(d.samples[0]).toMatchObject({ step: 3, evaluation: true, group: '5', reward: { value: 0.5 } });
    const odd = importSlimeSamples(
      JSON.stringify({ samples: [{ prompt: 'x', status: 'odd' }] }, null, 1),
      'd.json',
    );
    expect(odd.problems).toEqual([
      {
        file: 'd.json',
        line: 5,
        path: 'samples[0].status',
        message: 'unknown status "odd"; read as unknown',
      },
    ]);
    expect(d.samples[0]?.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
  });
});

describe('slime samples with chat-template text', () => {
  it('rebuilds turns from <|im_start|> blocks, with <tool_response> blocks as tool turns', () => {
    const r = importSlimeSamples(readFixture('slime-template-sample.jsonl'), 't.jsonl', { analyzer });
    expect(r.problems).toEqual([]);
    const s = r.samples[0];
    expect(s?.turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(s?.turns[2]?.toolCalls).toEqual([{ name: 'get_order_details', arguments: { order_id: '#W123' } }]);
    expect(s?.turns[3]?.text).toBe('{"status": "delivered"}');
    expect(s?.turns[4]?.text).toBe('Order #W123 was delivered.');
    // reward as a dict: the conventional "reward" key is the value.
    expect(s?.reward.value).toBe(1);
    expect(s?.lengths).toMatchObject({ promptTokens: 18, responseTokens: 42, trainableTokens: 30 });
  });
});
