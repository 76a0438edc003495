import { describe, expect, it } from 'vitest';
import {
  DEMO_GROUPS_PER_STEP,
  DEMO_SAMPLES_PER_GROUP,
  demoSample,
  demoStepRecord,
} from '../../../src/core/demo/demoSamples';
import { SampleRecordSchema, StepRecordSchema } from '../../../src/core/records/tapRecord';

const allSamples = (steps: number) =>
  Array.from({ length: steps }, (_, step) =>
    Array.from({ length: DEMO_GROUPS_PER_STEP * DEMO_SAMPLES_PER_GROUP }, (_, i) =>
      demoSample(step, Math.floor(i / DEMO_SAMPLES_PER_GROUP), i % DEMO_SAMPLES_PER_GROUP),
    ),
  ).flat();

describe('demo samples', () => {
  it('are valid tap records, labelled as demo data, and deterministic', () => {
    const samples = allSamples(3);
    for (const s of samples) {
      expect(SampleRecordSchema.safeParse(s).success).toBe(true);
      expect(s.metadata['demo']).toBe(true);
      expect(s.messages[0]?.content).toContain('[DEMO DATA]');
    }
    expect(JSON.stringify(demoSample(2, 3, 1))).toBe(JSON.stringify(demoSample(2, 3, 1)));
    expect(StepRecordSchema.safeParse(demoStepRecord(0, samples.slice(0, 24))).success).toBe(true);
  });

  it('mix successes, failures and malformed tool calls the way a learning policy would', () => {
    const samples = allSamples(20);
    const rate = (xs: typeof samples) => xs.filter((s) => s.reward === 1).length / xs.length;
    const early = samples.filter((s) => s.step < 5);
    const late = samples.filter((s) => s.step >= 15);
    expect(rate(late)).toBeGreaterThan(rate(early));
    const assistantTexts = samples.flatMap((s) =>
      s.messages.filter((m) => m.role === 'assistant').map((m) => m.content),
    );
    // Malformed calls the tool-call engine must flag are present: no newline after the tag, bad JSON, unclosed.
    expect(assistantTexts.some((t) => /<tool_call>\{/.test(t))).toBe(true);
    expect(assistantTexts.some((t) => t.includes('},}'))).toBe(true);
    expect(samples.some((s) => s.status === 'truncated')).toBe(true);
    // Tool results come back as user messages in the recipe's format.
    expect(
      samples[0]?.messages.some((m) => m.role === 'user' && m.content.startsWith('Tool result for ')),
    ).toBe(true);
  });
});
