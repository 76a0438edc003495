import { describe, expect, it } from 'vitest';
import { NEWEST_SGLANG, SGLANG_MAIN } from '../../../../src/core/toolcall/sglangRelease';
import { disagreements, fixtureCases, forcesReasoning } from './fixtureCases';
import { engineView } from './engineView';

// SGLang's own parser tests, read by the engine. The tests come from commits on SGLang's main branch, some
// after the newest release; the `main` profile follows them all. The registry cases qwen3_coder-16..-21
// expect calls from a text with no <tool_call>, which SGLang's non-streaming code leaves untouched
// (test/fixtures/upstream/sglang/README.md).
const REGISTRY = new Set([16, 17, 18, 19, 20, 21].map((n) => `qwen3_coder-${n}`));
// Main's qwen3_coder returns the text between two blocks ("\n") as normal text; no release does, and the
// change itself is not in any source the engine was checked against, so `main` keeps the release's answer.
const UNKNOWN_ON_MAIN = new Set(['qwen3_coder-26']);

// What SGLang 0.5.23's own parser modules answer differently from these tests (sglangOracle.test.ts runs them):
// behaviour that came to main after the release.
const AFTER_NEWEST = new Set([
  ...[9, 10, 11, 12, 13].map((n) => `qwen25-${String(n).padStart(2, '0')}`),
  ...[26, 31, 32, 33, 34, 35, 36, 44, 45, 46].map((n) => `qwen3_coder-${n}`),
  ...Array.from({ length: 14 }, (_, i) => `qwen3_coder-${52 + i}`),
]);

const cases = fixtureCases().map((c) => ({ ...c, force_reasoning: forcesReasoning(c) }));

describe('SGLang parser test cases', () => {
  it('reads all 101 cases', () => {
    expect(cases).toHaveLength(101);
  });

  for (const c of cases) {
    if (REGISTRY.has(c.id)) continue;
    if (!UNKNOWN_ON_MAIN.has(c.id)) {
      it(`${c.id} under sglang ${SGLANG_MAIN}`, () => {
        expect(disagreements(c, engineView(c, SGLANG_MAIN))).toEqual([]);
      });
    }
    if (!AFTER_NEWEST.has(c.id)) {
      it(`${c.id} under the default profile (${NEWEST_SGLANG})`, () => {
        expect(disagreements(c, engineView(c, undefined))).toEqual([]);
      });
    }
  }

  for (const id of REGISTRY) {
    it(`${id}: a text without <tool_call> stays content, as SGLang's non-streaming code leaves it`, () => {
      const c = cases.find((x) => x.id === id);
      if (c === undefined) throw new Error(`${id} is missing from the fixture`);
      const view = engineView(c, undefined);
      expect(view.calls).toEqual([]);
      expect(view.normalText).toBe(c.text);
    });
  }
});
