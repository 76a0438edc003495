import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../../src/core/toolcall/profile';
import {
  forcedReasoning,
  sglangCheckReport,
  toolsToOffer,
} from '../../../src/core/toolcall/sglangCheckReport';
import { comparedFields, sglangCheckSummary, sglangCheckText } from '../../../src/shared/sglangCheckText';
import type { ToolSpec } from '../../../src/core/toolcall/types';

// SGLang's side of these reports is what media/sglang_verdict.py answered for the same texts under
// SGLang 0.5.23 (test/box/boxSglangCheck.test.ts runs it for real); here only the comparison and its
// wording are under test.
const TOOLS: ToolSpec[] = [
  { name: 'get_order', parameters: { type: 'object', properties: { id: { type: 'integer' } } } },
];
const BROKEN = 'Checking.\n<tool_call>\n{bad json}\n</tool_call>';

describe("Check with the box's SGLang: the report", () => {
  it('reads ours like the release that answered and names the release the turn was shown under', () => {
    const turn = { text: BROKEN, tools: TOOLS, profile: parseProfile({ sglang: '0.5.15.post1' }) };
    const theirs = { version: '0.5.23', normalText: 'Checking.', reasoning: '', calls: [], raised: null };
    const report = sglangCheckReport('gpu-box', turn, toolsToOffer(turn), theirs);
    expect(report).toMatchObject({ ourRelease: '0.5.23', shownRelease: '0.5.15.post1', differences: [] });
    expect(sglangCheckSummary(report, 'line 3')).toBe(
      'SGLang 0.5.23 on gpu-box agrees with ours (read like 0.5.23) on line 3.',
    );
    const text = sglangCheckText(report, 'line 3');
    expect(text).toContain('The squiggles read this turn like SGLang 0.5.15.post1');
    expect(text).toContain('content — ✓ same');
    expect(text).toContain('tool_calls — ✓ same');
  });

  it('marks each differing field, and says when the release is newer than any known', () => {
    const text = '<tool_call>\n{"name": "get_order", "arguments": {"id": 7}}\n</tool_call>';
    const turn = { text, tools: TOOLS, profile: parseProfile({}) };
    // A release that (say) quoted the id: only the arguments differ.
    const theirs = {
      version: '0.6.1',
      normalText: '',
      reasoning: null,
      calls: [{ name: 'get_order', arguments: '{"id": "7"}' }],
      raised: null,
    };
    const report = sglangCheckReport('gpu-box', turn, toolsToOffer(turn), theirs);
    expect(report.ourRelease).toBe('0.6.1');
    expect(report.notes[0]).toMatch(/SGLang 0\.6\.1 is newer than any release/);
    expect(comparedFields(report).map((f) => [f.label, f.differs])).toEqual([
      ['content', false],
      ['reasoning_content', false],
      ['call 1 name', false],
      ['call 1 arguments', true],
    ]);
    expect(sglangCheckSummary(report, 'line 1')).toBe(
      'SGLang 0.6.1 on gpu-box differs from ours (read like 0.6.1) on line 1 in 1 field: calls[0].arguments.',
    );
    expect(sglangCheckText(report, 'line 1')).toContain(
      'call 1 arguments — ✗ DIFFERS\n  ours (0.6.1):\n    {"id": 7}\n  SGLang 0.6.1 on gpu-box:\n    {"id": "7"}',
    );
  });

  it('offers the call names when the record lists no tools, and infers force_reasoning as the engine does', () => {
    const turn = {
      text: 'plan</think>\n<tool_call>\n{"name": "lookup", "arguments": {}}\n</tool_call>',
      tools: undefined,
      profile: parseProfile({}),
    };
    expect(toolsToOffer(turn).tools.map((t) => t.name)).toEqual(['lookup']);
    expect(forcedReasoning(turn)).toBe(true);
    expect(forcedReasoning({ ...turn, text: '<think>a</think>b' })).toBe(false);
    expect(forcedReasoning({ ...turn, profile: parseProfile({ forceReasoning: true }), text: 'a' })).toBe(
      true,
    );
    expect(toolsToOffer({ ...turn, text: 'no call' })).toEqual({
      tools: [],
      note: expect.stringMatching(/its tool-call parser did not run/),
    });
  });
});
