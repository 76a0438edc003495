import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { analyzeCleanTurn, isCleanTurn } from '../../../src/core/toolcall/cleanTurn';
import { analyzeTurnFully } from '../../../src/core/toolcall/fullAnalysis';
import type { Profile, ToolSpec } from '../../../src/core/toolcall/types';
import { CORPUS, TOOLS } from './corpus';

const PERMISSIVE: ToolSpec[] = [{ name: 'f', parameters: { type: 'object' } }];

const PROFILES: Profile[] = (['qwen25', 'hermes', 'qwen3_coder'] as const).flatMap((parser) =>
  (['qwen3', 'none'] as const).flatMap((reasoningParser) =>
    (['sglang', 'single-call'] as const).map((policy) => ({ parser, reasoningParser, policy })),
  ),
);

const argumentsObject = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 });

describe('tool-call properties', () => {
  it('a valid qwen25 call with any JSON arguments never gets an error', () => {
    fc.assert(
      fc.property(
        argumentsObject,
        fc.constantFrom('', 'Checking.\n', '<think>\nplan\n</think>\n\n'),
        fc.constantFrom<Profile['reasoningParser']>('qwen3', 'none'),
        fc.constantFrom<Profile['policy']>('sglang', 'single-call'),
        (args, prefix, reasoningParser, policy) => {
          // Under qwen3 a think tag anywhere (even inside a string) starts reasoning, as in SGLang.
          fc.pre(reasoningParser === 'none' || prefix.startsWith('<think>'));
          fc.pre(policy === 'sglang' || !prefix.startsWith('Checking'));
          const text = `${prefix}<tool_call>\n${JSON.stringify({ name: 'f', arguments: args })}\n</tool_call>`;
          const result = analyzeTurn(text, {
            profile: { parser: 'qwen25', reasoningParser, policy },
            tools: PERMISSIVE,
          });
          expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          // Python prints some numbers differently (1e+21, digits beyond 2^53): argumentsJson then says how.
          expect(result.verdict.calls).toEqual([
            expect.objectContaining({ name: 'f', arguments: JSON.parse(JSON.stringify(args)) }),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a valid hermes call with any JSON arguments never gets an error', () => {
    fc.assert(
      fc.property(argumentsObject, (args) => {
        const json = JSON.stringify({ name: 'f', arguments: args });
        fc.pre(!json.includes('</tool_call>'));
        const profile: Profile = { parser: 'hermes', reasoningParser: 'none', policy: 'sglang' };
        const result = analyzeTurn(`<tool_call>${json}</tool_call>`, { profile, tools: PERMISSIVE });
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(result.verdict.calls).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it('every diagnostic range and fix edit lies inside the text, whatever the text', () => {
    const fragment = fc.oneof(
      fc.constantFrom(
        '<tool_call>',
        '\n',
        '\r\n',
        '</tool_call>',
        '<think>',
        '</think>',
        '{',
        '}',
        '[',
        ']',
        '"name"',
        '"arguments"',
        '"parameters"',
        ':',
        ',',
        '"f"',
        '"g"',
        '{}',
        ' ',
        'True',
        "'",
        'NaN',
        '"{\\"a\\": 1}"',
        '<function=f>',
        '<function=',
        '<parameter=a>',
        '</parameter>',
        '</function>',
        '>',
        'null',
        '42',
      ),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('')),
        fc.constantFrom(...PROFILES),
        fc.constantFrom<ToolSpec[] | undefined>(undefined, [], PERMISSIVE, [
          {
            name: 'f',
            parameters: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
          },
        ]),
        fc.constantFrom<'stop' | 'length'>('stop', 'length'),
        (text, profile, tools, finishReason) => {
          const opts: Parameters<typeof analyzeTurn>[1] = { profile, finishReason };
          if (tools !== undefined) opts.tools = tools;
          const { diagnostics, calls } = analyzeTurn(text, opts);
          for (const d of diagnostics) {
            expect(d.start).toBeGreaterThanOrEqual(0);
            expect(d.start).toBeLessThanOrEqual(d.end);
            expect(d.end).toBeLessThanOrEqual(text.length);
            expect(d.code).toMatch(/^TC0(0[1-9]|1[0-2])$/);
            for (const e of d.fix?.edits ?? []) {
              expect(e.start).toBeGreaterThanOrEqual(0);
              expect(e.start).toBeLessThanOrEqual(e.end);
              expect(e.end).toBeLessThanOrEqual(text.length);
            }
          }
          for (const c of calls) {
            expect(c.start).toBeGreaterThanOrEqual(0);
            expect(c.end).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the clean-turn fast path, when it answers, answers exactly what the full analysis does', () => {
    let answered = 0;
    const check = (text: string, opts: Parameters<typeof analyzeTurn>[1]): void => {
      const clean = analyzeCleanTurn(text, opts);
      // The diagnostics counters ask only this.
      expect(isCleanTurn(text, opts)).toBe(clean !== undefined);
      if (clean === undefined) return;
      answered++;
      expect(clean).toEqual(analyzeTurnFully(text, opts));
    };
    for (const c of CORPUS) {
      const opts: Parameters<typeof analyzeTurn>[1] = { profile: c.profile };
      if (c.tools !== undefined) opts.tools = c.tools;
      if (c.finishReason !== undefined) opts.finishReason = c.finishReason;
      check(c.text, opts);
    }
    fc.assert(
      fc.property(
        fc.constantFrom('', 'Sure.\n', '<think>\nx\n</think>\n\n', '<think>a</think>', '\u00a0', '</think>'),
        fc.record({
          name: fc.constantFrom('get_order', 'refund', 'done', 'nope', ''),
          arguments: argumentsObject,
        }),
        fc.constantFrom('', '\n', '  \n', '\nbye', '\u001c', '</tool_call>', '<tool_call>'),
        fc.constantFrom(...PROFILES.filter((p) => p.parser === 'qwen25')),
        fc.constantFrom<ToolSpec[] | undefined>(undefined, TOOLS, PERMISSIVE, []),
        fc.constantFrom<'stop' | 'length'>('stop', 'length'),
        (prefix, call, suffix, profile, tools, finishReason) => {
          const text = `${prefix}<tool_call>\n${JSON.stringify(call)}\n</tool_call>${suffix}`;
          const opts: Parameters<typeof analyzeTurn>[1] = { profile, finishReason };
          if (tools !== undefined) opts.tools = tools;
          check(text, opts);
        },
      ),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(100);
  });
});
