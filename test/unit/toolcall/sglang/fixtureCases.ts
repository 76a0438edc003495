import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// SGLang's own parser test cases (test/fixtures/upstream/sglang/README.md) and how to check a verdict
// against what those tests assert.

export interface TextExpectation {
  mode: 'equals' | 'contains' | 'startswith' | 'contains_all';
  value: string | string[];
}

export interface FixtureCase {
  id: string;
  parser: string;
  reasoning_parser: string;
  tools: unknown[];
  text: string;
  notes: string | null;
  /** The case's own line, for reading expected integers with all their digits. */
  line: string;
  expected: {
    calls_count?: number;
    names?: string[];
    args?: { index: number; mode: 'exact' | 'subset'; value: unknown }[];
    normal_text?: TextExpectation;
    reasoning?: TextExpectation;
  };
}

export const FIXTURE_FILE = join(
  import.meta.dirname,
  '../../../fixtures/upstream/sglang/parser-test-cases.jsonl',
);

export function fixtureCases(): FixtureCase[] {
  return readFileSync(FIXTURE_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => ({ ...(JSON.parse(line) as Omit<FixtureCase, 'line'>), line }));
}

/** The SGLang test built its reasoning parser with force_reasoning=True. */
export function forcesReasoning(c: FixtureCase): boolean {
  return c.notes?.includes('force_reasoning=True') ?? false;
}

/** What a verdict says, in SGLang's terms: `arguments` is the exact `function.arguments` text. */
export interface SglangView {
  normalText: string;
  reasoning: string | null;
  calls: { name: string; arguments: string }[];
}

/** Every way `view` breaks what the case's SGLang tests assert; empty when it agrees. */
export function disagreements(c: FixtureCase, view: SglangView): string[] {
  const e = c.expected;
  const out: string[] = [];
  if (e.calls_count !== undefined && view.calls.length !== e.calls_count) {
    out.push(`${view.calls.length} calls, expected ${e.calls_count}`);
  }
  const names = view.calls.map((x) => x.name);
  if (e.names !== undefined && JSON.stringify(names) !== JSON.stringify(e.names)) {
    out.push(`names ${JSON.stringify(names)}, expected ${JSON.stringify(e.names)}`);
  }
  const expectedArgs = (exactJson(c.line) as { expected: { args?: { value: unknown }[] } }).expected.args;
  (e.args ?? []).forEach((a, i) => {
    const call = view.calls[a.index];
    if (call === undefined) {
      out.push(`no call ${a.index}`);
      return;
    }
    const got = exactJson(call.arguments);
    const want = expectedArgs?.[i]?.value;
    const ok = a.mode === 'exact' ? same(got, want) : isSubset(got, want);
    if (!ok) out.push(`arguments ${call.arguments}, expected (${a.mode}) ${JSON.stringify(a.value)}`);
  });
  if (e.normal_text !== undefined && !textMatches(e.normal_text, view.normalText)) {
    out.push(`normal text ${JSON.stringify(view.normalText)}, expected ${JSON.stringify(e.normal_text)}`);
  }
  if (e.reasoning !== undefined && !textMatches(e.reasoning, view.reasoning ?? '')) {
    out.push(`reasoning ${JSON.stringify(view.reasoning)}, expected ${JSON.stringify(e.reasoning)}`);
  }
  return out;
}

function textMatches(spec: TextExpectation, text: string): boolean {
  const v = spec.value;
  if (spec.mode === 'equals') return text === v;
  if (spec.mode === 'startswith') return text.startsWith(v as string);
  if (spec.mode === 'contains') return text.includes(v as string);
  return (v as string[]).every((s) => text.includes(s));
}

/** JSON.parse that keeps integers of 16 digits or more exact (as tagged strings) and reads NaN/Infinity. */
export function exactJson(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(-?(?:\d{16,})(?![.\deE])|-?Infinity|NaN)/.exec(text.slice(i, i + 5000));
    if (m !== null && !/[\w.]/.test(text[i - 1] ?? '')) {
      const token = m[1] ?? '';
      out += JSON.stringify(`\u0000${token}`);
      i += token.length;
      continue;
    }
    out += ch;
    i++;
  }
  return JSON.parse(out);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b) || a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function isSubset(got: unknown, want: unknown): boolean {
  if (typeof want !== 'object' || want === null || typeof got !== 'object' || got === null) {
    return deepEqual(got, want);
  }
  return Object.entries(want).every(
    ([k, v]) => Object.hasOwn(got, k) && deepEqual((got as Record<string, unknown>)[k], v),
  );
}
