import { describe, expect, it } from 'vitest';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import type { Diagnostic, Fix, Profile } from '../../../src/core/toolcall/types';
import { TOOLS } from './corpus';

const QN: Profile = { parser: 'qwen25', reasoningParser: 'none', policy: 'sglang' };

function only(text: string, code: string, profile = QN): Diagnostic {
  const found = analyzeTurn(text, { profile, tools: TOOLS }).diagnostics.filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const at = (text: string, d: Diagnostic): string => text.slice(d.start, d.end);

function applyFix(text: string, fix: Fix | undefined): string {
  expect(fix).toBeDefined();
  const edits = [...(fix?.edits ?? [])].sort((a, b) => b.start - a.start);
  return edits.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

const errors = (text: string, profile = QN): Diagnostic[] =>
  analyzeTurn(text, { profile, tools: TOOLS }).diagnostics.filter((d) => d.severity === 'error');

describe('diagnostic ranges and fixes', () => {
  it('TC002 points at the single quote', () => {
    const text = "<tool_call>\n{'name': 'get_order'}\n</tool_call>";
    const d = only(text, 'TC002');
    expect(d.start).toBe(text.indexOf("'"));
    expect(d.message).toMatch(/single quotes/);
    expect(d.message).toMatch(/Failed to parse JSON part/);
  });

  it('TC002 points at a trailing comma and Python True', () => {
    const comma = '<tool_call>\n{"name": "get_order", "arguments": {"order_id": "A1",}}\n</tool_call>';
    expect(at(comma, only(comma, 'TC002'))).toBe('}');
    expect(only(comma, 'TC002').message).toMatch(/trailing comma/);
    const py =
      '<tool_call>\n{"name": "refund", "arguments": {"order_id": "A1", "amount": 1, "notify": True}}\n</tool_call>';
    expect(at(py, only(py, 'TC002'))).toMatch(/^T/);
    expect(only(py, 'TC002').message).toMatch(/`True` is Python/);
  });

  it('TC002 for cut-off JSON sits on the last character', () => {
    const text = '<tool_call>\n{"name": "get_order", "arguments": {"order_id": "A1"\n</tool_call>';
    const d = only(text, 'TC002');
    expect(at(text, d)).toBe('"');
    expect(d.end).toBe(text.indexOf('\n</tool_call>'));
    expect(d.message).toMatch(/cut off/);
  });

  it('TC005 underlines the name string', () => {
    const text = '<tool_call>\n{"name": "cancel_order", "arguments": {}}\n</tool_call>';
    const d = only(text, 'TC005');
    expect(at(text, d)).toBe('"cancel_order"');
    expect(d.message).toMatch(/Model attempted to call undefined function: cancel_order/);
  });

  it('TC006 underlines the wrong value, the extra key, or the arguments object', () => {
    const wrong =
      '<tool_call>\n{"name": "refund", "arguments": {"order_id": "A1", "amount": "12"}}\n</tool_call>';
    expect(at(wrong, only(wrong, 'TC006'))).toBe('"12"');
    const extra =
      '<tool_call>\n{"name": "get_order", "arguments": {"order_id": "A1", "note": "x"}}\n</tool_call>';
    expect(at(extra, only(extra, 'TC006'))).toBe('"note"');
    const missing = '<tool_call>\n{"name": "get_order", "arguments": {}}\n</tool_call>';
    const d = only(missing, 'TC006');
    expect(at(missing, d)).toBe('{}');
    expect(d.message).toMatch(/missing required argument `order_id`/i);
  });

  it('TC006 in qwen3_coder underlines the parameter value', () => {
    const profile: Profile = { parser: 'qwen3_coder', reasoningParser: 'none', policy: 'sglang' };
    const text =
      '<tool_call>\n<function=refund>\n<parameter=order_id>\nA1\n</parameter>\n<parameter=amount>\nlots\n</parameter>\n</function>\n</tool_call>';
    const found = analyzeTurn(text, { profile, tools: TOOLS }).diagnostics.filter((d) => d.code === 'TC006');
    expect(found.map((d) => at(text, d))).toEqual(['lots', 'lots']);
  });

  it('TC010 fix inserts the missing newline and the call then parses', () => {
    const text = '<tool_call>{"name": "get_order", "arguments": {"order_id": "A1"}}</tool_call>';
    const d = only(text, 'TC010');
    expect(at(text, d)).toBe('<tool_call>');
    const fixed = applyFix(text, d.fix);
    expect(fixed).toBe('<tool_call>\n{"name": "get_order", "arguments": {"order_id": "A1"}}\n</tool_call>');
    expect(errors(fixed)).toEqual([]);
    expect(analyzeTurn(fixed, { profile: QN, tools: TOOLS }).verdict.calls).toHaveLength(1);
  });

  it('TC010 fix replaces a Windows line ending', () => {
    const text = '<tool_call>\r\n{"name": "done", "arguments": {}}\r\n</tool_call>';
    const fixed = applyFix(text, only(text, 'TC010').fix);
    expect(analyzeTurn(fixed, { profile: QN, tools: TOOLS }).verdict.calls).toEqual([
      { name: 'done', arguments: {} },
    ]);
  });

  it('TC001 fix closes a complete call whose </tool_call> was a stop sequence', () => {
    const text = 'Checking.\n<tool_call>\n{"name": "get_order", "arguments": {"order_id": "A1"}}\n';
    const d = only(text, 'TC001');
    expect(at(text, d)).toBe('<tool_call>');
    const fixed = applyFix(text, d.fix);
    expect(errors(fixed)).toEqual([]);
    expect(analyzeTurn(fixed, { profile: QN, tools: TOOLS }).verdict.calls).toHaveLength(1);
  });

  it('TC001 under finish length says it was cut off and offers no fix', () => {
    const text = '<tool_call>\n{"name": "get_order", "argu';
    const [d] = analyzeTurn(text, { profile: QN, tools: TOOLS, finishReason: 'length' }).diagnostics;
    expect(d?.code).toBe('TC001');
    expect(d?.message).toMatch(/max tokens/);
    expect(d?.fix).toBeUndefined();
  });

  it('TC004 fix unwraps double-encoded arguments', () => {
    const text =
      '<tool_call>\n{"name": "get_order", "arguments": "{\\"order_id\\": \\"A1\\"}"}\n</tool_call>';
    const d = only(text, 'TC004');
    expect(at(text, d)).toBe('"{\\"order_id\\": \\"A1\\"}"');
    const fixed = applyFix(text, d.fix);
    expect(analyzeTurn(fixed, { profile: QN, tools: TOOLS })).toMatchObject({
      diagnostics: [],
      verdict: { calls: [{ name: 'get_order', arguments: { order_id: 'A1' } }] },
    });
  });

  it('TC009 covers the hidden call', () => {
    const profile: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };
    const call = '<tool_call>\n{"name": "done", "arguments": {}}\n</tool_call>';
    const text = `<think>\nfirst ${call}\n</think>\n\nok`;
    const d = only(text, 'TC009', profile);
    expect(at(text, d)).toBe(call);
    expect(d.severity).toBe('error');
  });

  it('TC008 covers the discarded text, trimmed', () => {
    const text = '<tool_call>\n{"name": "done", "arguments": {}}\n</tool_call>\n  Bye now.  \n';
    const d = only(text, 'TC008');
    expect(at(text, d)).toBe('Bye now.');
    expect(d.severity).toBe('warning');
  });

  it('severities follow the policy: TC007 is a warning under sglang and an error under single-call', () => {
    const call = '<tool_call>\n{"name": "done", "arguments": {}}\n</tool_call>';
    const text = `${call}\n${call}`;
    expect(only(text, 'TC007').severity).toBe('warning');
    expect(only(text, 'TC007', { ...QN, policy: 'single-call' }).severity).toBe('error');
  });

  it('TC011 is an error when a call lost its opening tag', () => {
    expect(only('{"name": "done", "arguments": {}}</tool_call>', 'TC011').severity).toBe('error');
    expect(only('Done.</tool_call>', 'TC011').severity).toBe('warning');
  });

  it('returns each parsed call with the range of its block', () => {
    const call = '<tool_call>\n{"name": "done", "arguments": {}}\n</tool_call>';
    const text = `Ok.\n${call}`;
    const { calls } = analyzeTurn(text, { profile: QN, tools: TOOLS });
    expect(calls).toEqual([{ name: 'done', arguments: {}, start: 4, end: text.length }]);
  });
});
