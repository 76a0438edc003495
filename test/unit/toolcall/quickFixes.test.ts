import { describe, expect, it } from 'vitest';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { parseProfile } from '../../../src/core/toolcall/profile';
import type { ToolSpec, TurnAnalysis } from '../../../src/core/toolcall/types';

const tools: ToolSpec[] = [
  { name: 'get_order', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
  { name: 'cancel_order', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
];

/** Applies the fix of the turn's diagnostic with `code` (edits from the end, as an editor does). */
function applyFix(text: string, analysis: TurnAnalysis, code: string): string {
  const fix = analysis.diagnostics.find((d) => d.code === code)?.fix;
  if (!fix) throw new Error(`no fix for ${code}: ${JSON.stringify(analysis.diagnostics)}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('quick fixes that make SGLang return the call', () => {
  const check = (text: string, code: string, profile = parseProfile({})) => {
    const before = analyzeTurn(text, { profile, tools });
    expect(before.verdict.calls).toHaveLength(0);
    const fixed = applyFix(text, before, code);
    const after = analyzeTurn(fixed, { profile, tools });
    expect(after.diagnostics.filter((d) => d.code === code)).toEqual([]);
    expect(after.verdict.calls).toHaveLength(1);
    return { before, fixed, after };
  };

  it('TC002: removes a trailing comma', () => {
    const { before, fixed } = check(
      '<tool_call>\n{"name": "get_order", "arguments": {"id": "A1",}}\n</tool_call>',
      'TC002',
    );
    expect(before.diagnostics[0]?.fix?.title).toBe('Remove the trailing comma');
    expect(fixed).toBe('<tool_call>\n{"name": "get_order", "arguments": {"id": "A1"}}\n</tool_call>');
  });

  it('TC005: offers the closest tool name', () => {
    const { before, after } = check(
      '<tool_call>\n{"name": "get_ordr", "arguments": {"id": "A1"}}\n</tool_call>',
      'TC005',
    );
    expect(before.diagnostics[0]?.message).toContain('Did you mean "get_order"?');
    expect(before.diagnostics[0]?.fix?.title).toBe('Change to get_order');
    expect(after.verdict.calls[0]?.name).toBe('get_order');
    // A name far from every tool gets no guess.
    const far = analyzeTurn('<tool_call>\n{"name": "refund", "arguments": {}}\n</tool_call>', {
      profile: parseProfile({}),
      tools,
    });
    expect(far.diagnostics.find((d) => d.code === 'TC005')?.fix).toBeUndefined();
  });

  it('TC005 in the XML dialect (qwen3_coder): renames the function', () => {
    const profile = parseProfile({ parser: 'qwen3_coder' });
    const text =
      '<tool_call>\n<function=cancel_ordr>\n<parameter=id>\nA1\n</parameter>\n</function>\n</tool_call>';
    const before = analyzeTurn(text, { profile, tools });
    const after = analyzeTurn(applyFix(text, before, 'TC005'), { profile, tools });
    expect(after.diagnostics.filter((d) => d.code === 'TC005')).toEqual([]);
    expect(after.verdict.calls[0]?.name).toBe('cancel_order');
  });

  it('TC009: inserts the missing </think> before the call', () => {
    const { fixed } = check(
      '<think>\nThe user wants order A1.\n<tool_call>\n{"name": "get_order", "arguments": {"id": "A1"}}\n</tool_call>',
      'TC009',
      // Before 0.5.15 a call does not end unclosed reasoning: the call is lost there.
      parseProfile({ reasoningParser: 'qwen3', sglang: '0.5.14' }),
    );
    expect(fixed).toContain('order A1.\n</think>\n\n<tool_call>');
  });
});
