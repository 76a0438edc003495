import { describe, expect, it } from 'vitest';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { CORPUS } from './corpus';

describe('tool-call corpus', () => {
  it('has at least 60 cases with unique names', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });

  for (const c of CORPUS) {
    it(c.name, () => {
      const opts: Parameters<typeof analyzeTurn>[1] = { profile: c.profile };
      if (c.tools !== undefined) opts.tools = c.tools;
      if (c.finishReason !== undefined) opts.finishReason = c.finishReason;
      const { verdict, diagnostics } = analyzeTurn(c.text, opts);
      const { codes, ...expected } = c.expect;
      expect(verdict).toEqual({
        parser: c.profile.parser,
        reasoningParser: c.profile.reasoningParser,
        ...expected,
      });
      expect(diagnostics.map((d) => d.code).sort()).toEqual([...codes].sort());
      for (const d of diagnostics) {
        expect(d.start).toBeGreaterThanOrEqual(0);
        expect(d.end).toBeGreaterThanOrEqual(d.start);
        expect(d.end).toBeLessThanOrEqual(c.text.length);
      }
    });
  }
});
