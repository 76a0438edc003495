import { describe, expect, it } from 'vitest';
import { scanRun, scanSample } from '../../../src/core/metrics/behaviourScan';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import type { TrajectorySample } from '../../../src/core/trajectory/sample';
import type { Turn } from '../../../src/core/trajectory/turn';
import { capturedIo } from '../capturedIo';

const profile = parseProfile({});
const call = (name: string, args: unknown = {}): Turn => {
  const text = `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
  return {
    role: 'assistant',
    text,
    toolCalls: [{ name, arguments: args }],
    analysis: analyzeTurn(text, { profile }),
  };
};
const broken = (): Turn => {
  const text = '<tool_call>\n{"name": "get_order_details", "arguments": {"order_id": "#1",}}\n</tool_call>';
  return { role: 'assistant', text, toolCalls: [], analysis: analyzeTurn(text, { profile }) };
};
const result = (isError = false): Turn => ({
  role: 'tool',
  text: isError ? 'Error: no such order' : '{}',
  toolCalls: [],
  isError,
});
const user = (text: string): Turn => ({ role: 'user', text, toolCalls: [] });

let n = 0;
const sample = (turns: Turn[], over: Partial<TrajectorySample> = {}): TrajectorySample => ({
  id: `s${n++}`,
  source: { file: 'test' },
  step: 0,
  evaluation: false,
  group: '0',
  index: 0,
  status: 'completed',
  reward: { value: 0, raw: 0 },
  turns,
  metadata: {},
  lengths: { turns: turns.length },
  ...over,
});

describe('behaviour scanner', () => {
  it('finds a loop of identical calls, once per sample', () => {
    const hits = scanSample(
      sample([
        user('hi'),
        call('get_order_details', { order_id: '#1' }),
        result(),
        call('get_order_details', { order_id: '#1' }),
        result(),
        call('get_order_details', { order_id: '#1' }),
        result(),
        call('get_order_details', { order_id: '#1' }),
      ]),
    );
    expect(hits.map((h) => h.flag)).toEqual(['loop']);
    expect(hits[0]?.turn).toBe(5);
    // Same tool, different arguments: a search, not a loop.
    expect(
      scanSample(sample([call('find', { q: 1 }), call('find', { q: 2 }), call('find', { q: 3 })])),
    ).toEqual([]);
  });

  it('finds done before any other call, empty responses and the length limit', () => {
    const flags = scanSample(
      sample([user('hi'), { role: 'assistant', text: '  ', toolCalls: [] }, call('done')], {
        status: 'truncated',
      }),
    ).map((h) => h.flag);
    expect(flags).toEqual(['empty-response', 'early-done', 'length-limit']);
    expect(scanSample(sample([call('get_user', { id: 1 }), result(), call('done')]))).toEqual([]);
  });

  it('finds bursts of failed tool results and malformed calls, and not scattered ones', () => {
    expect(
      scanSample(sample([call('a'), result(true), call('b'), result(true), call('c'), result(true)])).map(
        (h) => h.flag,
      ),
    ).toEqual([]);
    expect(scanSample(sample([broken(), broken(), broken()])).map((h) => h.flag)).toEqual(['error-burst']);
    expect(
      scanSample(sample([call('a'), result(true), result(true), result(true)])).map((h) => h.flag),
    ).toEqual(['error-burst']);
  });

  it('counts flags per step and finds a shaped reward rising while success does not', () => {
    const run = [
      sample([call('done')], { step: 0, reward: { value: 1, raw: 1, shaped: 1.1 } }),
      sample([call('x')], { step: 0, reward: { value: 0, raw: 0, shaped: 0.1 } }),
      sample([call('done')], { step: 1, reward: { value: 0, raw: 0, shaped: 0.9 } }),
      sample([call('x')], { step: 1, reward: { value: 1, raw: 1, shaped: 1.2 } }),
      sample([call('x')], { step: 2, reward: { value: 0, raw: 0, shaped: 1.3 } }),
      sample([call('x')], { step: 2, reward: { value: 0, raw: 0, shaped: 1.4 } }),
    ];
    const scan = scanRun(run);
    expect(scan.counts['early-done']).toBe(2);
    expect(scan.byStep).toEqual({ '0': { 'early-done': 1 }, '1': { 'early-done': 1 } });
    expect(scan.shapedDrift.map((d) => d.step)).toEqual([1, 2]);
    expect(scan.shapedDrift[1]?.successDelta).toBeCloseTo(-0.5);
  });
});

describe('rollout-studio summary reports the behaviour flags', () => {
  it('counts the demo run’s truncated samples and lists them per step', async () => {
    const { runSummaryCommand } = await import('../../../src/cli/summary');
    const { demoSample } = await import('../../../src/core/demo/demoSamples');
    const records = Array.from({ length: 6 * 24 }, (_, i) =>
      JSON.stringify(demoSample(Math.floor(i / 24), Math.floor((i % 24) / 4), i % 4)),
    );
    const truncated = records.filter((r) => r.includes('"status":"truncated"')).length;
    const t = capturedIo({ 'rollouts.jsonl': `${records.join('\n')}\n` });
    const code = await runSummaryCommand(['rollouts.jsonl', '--format', 'json'], t.io);
    expect(code).toBe(0);
    const doc = JSON.parse(t.stdout()) as { behaviour: { counts: Record<string, number>; byStep: object } };
    expect(truncated).toBeGreaterThan(0);
    expect(doc.behaviour.counts['length-limit']).toBe(truncated);
    expect(Object.keys(doc.behaviour.byStep).length).toBeGreaterThan(0);
  });
});
