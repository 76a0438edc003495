import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { toolsFromJson } from '../../../src/core/toolcall/tools';

describe('parseProfile', () => {
  it('defaults to qwen25 / qwen3 / sglang', () => {
    expect(parseProfile({})).toEqual({ parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' });
  });
  it('accepts qwen as an alias of qwen25', () => {
    expect(parseProfile({ parser: 'qwen' }).parser).toBe('qwen25');
  });
  it('names the allowed values when a name is unknown', () => {
    expect(() => parseProfile({ parser: 'llama3' })).toThrow(/Allowed: qwen25, qwen, hermes, qwen3_coder/);
    expect(() => parseProfile({ reasoningParser: 'deepseek-r1' })).toThrow(/Allowed: qwen3, none/);
    expect(() => parseProfile({ policy: 'strict' })).toThrow(/Allowed: sglang, single-call/);
  });
});

describe('toolsFromJson', () => {
  const parameters = { type: 'object', properties: { id: { type: 'string' } } };
  it('reads the OpenAI function format', () => {
    expect(
      toolsFromJson([{ type: 'function', function: { name: 'a', description: 'A', parameters } }]),
    ).toEqual([{ name: 'a', description: 'A', parameters }]);
  });
  it('reads bare tools, a {tools:[...]} file, and tau2 tool_defs keyed by name', () => {
    expect(toolsFromJson([{ name: 'a', parameters }])).toEqual([{ name: 'a', parameters }]);
    expect(toolsFromJson({ tools: [{ name: 'a' }] })).toEqual([{ name: 'a' }]);
    expect(
      toolsFromJson({ a: { type: 'function', function: { name: 'a', parameters } }, b: { parameters } }),
    ).toEqual([
      { name: 'a', parameters },
      { name: 'b', parameters },
    ]);
  });
  it('throws a clear error naming the problem', () => {
    expect(() => toolsFromJson('x')).toThrow(/must be a JSON array/);
    expect(() => toolsFromJson([{ type: 'function', function: {} }])).toThrow(
      /tools\[0\] has no non-empty string 'name'/,
    );
    expect(() => toolsFromJson([{ name: 'a', parameters: 3 }])).toThrow(
      /'parameters' that is not a JSON Schema/,
    );
    expect(() => toolsFromJson([5])).toThrow(/tools\[0\] must be an object/);
  });
});
