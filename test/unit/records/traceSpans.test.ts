import { describe, expect, it } from 'vitest';
import { demoTrace } from '../../../src/core/demo/demoTimeline';
import { TraceEventSchema } from '../../../src/core/records/tapRecord';
import { traceSpans } from '../../../src/core/records/traceSpans';

describe("a sample's trace as spans", () => {
  it('pairs starts and ends by span id, nests children, and merges the end attrs', () => {
    const t = traceSpans({
      events: [
        { type: 'span_start', name: 'generate_and_rm', ts: 1000, span_id: 'a' },
        { type: 'event', name: 'attempt_start', ts: 1000.1 },
        { type: 'span_start', name: 'sglang_generate', ts: 1000.5, span_id: 'b', parent_span_id: 'a' },
        {
          type: 'span_end',
          name: 'sglang_generate',
          ts: 1003,
          span_id: 'b',
          attrs: { completion_tokens: 140, finish_reason: 'stop', nested: { no: 1 } },
        },
        { type: 'span_start', name: 'reward_model', ts: 1003.2, span_id: 'c', parent_span_id: 'a' },
        { type: 'span_end', name: 'generate_and_rm', ts: 1004, span_id: 'a' },
      ],
    })!;
    expect(t.spans.map((s) => [s.name, s.start, s.end, s.depth])).toEqual([
      ['generate_and_rm', 0, 4, 0],
      ['sglang_generate', 0.5, 3, 1],
      // Never ended: the sample was aborted inside the reward call.
      ['reward_model', expect.closeTo(3.2, 9), null, 1],
    ]);
    expect(t.spans[1]!.attrs).toEqual({ completion_tokens: 140, finish_reason: 'stop' });
    expect(t.duration).toBe(4);
  });

  it('reads spans without ids by name, and nothing from an empty trace', () => {
    const t = traceSpans({
      events: [
        { type: 'span_start', name: 'generate', ts: 5 },
        { type: 'span_end', name: 'generate', ts: 7 },
        { type: 'span_end', name: 'stray', ts: 8 },
      ],
      dropped: 3,
    })!;
    expect(t.spans).toEqual([{ name: 'generate', start: 0, end: 2, depth: 0, attrs: {} }]);
    expect(t.dropped).toBe(3);
    expect(traceSpans({ events: [] })).toBeNull();
    expect(traceSpans(undefined)).toBeNull();
  });

  it("the demo's traces are slime-shaped: one generate_and_rm around each turn's generation and the reward", () => {
    const trace = demoTrace(2, 1, 3, 4, 1_700_000_000);
    const t = traceSpans({ events: trace.events.map((e) => TraceEventSchema.parse(e)) })!;
    expect(t.spans.map((s) => s.name)).toEqual([
      'generate_and_rm',
      'sglang_generate',
      'sglang_generate',
      'sglang_generate',
      'sglang_generate',
      'reward_model',
    ]);
    expect(t.spans.slice(1).every((s) => s.depth === 1 && s.end !== null)).toBe(true);
    expect(t.spans[0]!.end).toBeCloseTo(t.duration, 9);
  });
});
