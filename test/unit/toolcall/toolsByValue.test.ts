import { describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { toolsByValue } from '../../../src/core/toolcall/toolsByValue';

describe('tools by value', () => {
  it('parses a run’s tool list once and reuses it for every sample that offers the same list', () => {
    const toolsOf = toolsByValue();
    const a = {
      ...demoSample(0, 0, 0),
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
    };
    const b = JSON.parse(JSON.stringify(a)) as typeof a;
    const first = toolsOf(a);
    expect(first?.map((t) => t.name)).toEqual(['f']);
    expect(toolsOf(b)).toBe(first);
    expect(
      toolsOf({ ...a, tools: [{ type: 'function', function: { name: 'g', parameters: {} } }] }),
    ).not.toBe(first);
    expect(toolsOf({ ...a, tools: undefined })).toBeUndefined();
    // Unreadable definitions leave names and arguments unchecked instead of failing the sample.
    expect(toolsOf({ ...a, tools: [{ nonsense: true }] })).toBeUndefined();
  });
});
