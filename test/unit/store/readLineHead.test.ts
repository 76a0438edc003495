import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { headFirst } from '../../../src/core/records/tapRecord';
import { createLineMemory, readLineHead } from '../../../src/core/store/lineHead';
import type { LineMemory } from '../../../src/core/store/lineHead';
import { LINE_RULES } from '../../../src/core/store/recordEntry';
import type { LineHead } from '../../../src/core/store/recordEntry';
import { expectedHead, promptHash } from './headOracle';

function read(text: string, memory: LineMemory = createLineMemory()): LineHead {
  // Inside a larger buffer, as lines sit in a batch: nothing outside start..end may be read.
  const line = Buffer.from(`{"kind":"sample"}\n${text}\n]]]"`);
  const start = line.indexOf('\n') + 1;
  return readLineHead(line, start, start + Buffer.byteLength(text), LINE_RULES, memory);
}

function matchesOracle(text: string, head: LineHead): void {
  const expected = expectedHead(text);
  if (expected === 'problem') expect(head.kind).toBe('problem');
  else expect(head).toEqual(expected);
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('He said "hi"\\n', '<tool_call>\n{"name": "x"}\n</tool_call>', 'é\u2028\u0000\t', ''),
);
const json = fc.jsonValue({ maxDepth: 3 });
const message = fc.record(
  {
    role: fc.constantFrom('system', 'user', 'assistant', 'tool'),
    content: text,
    toolCalls: fc.array(fc.record({ name: text, arguments: json }), { maxLength: 2 }),
  },
  { requiredKeys: ['role', 'content'] },
);
const baseSample = fc.record(
  {
    kind: fc.constant('sample'),
    v: fc.constantFrom(1, 2),
    ts: fc.double({ noNaN: true, noDefaultInfinity: true }),
    step: fc.nat(),
    evaluation: fc.boolean(),
    group: fc.nat(),
    index: fc.nat(),
    status: fc.constantFrom('completed', 'truncated', 'aborted', 'failed'),
    reward: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    shapedReward: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    taskId: fc.oneof(text, fc.nat()),
    domain: text,
    messages: fc.array(message, { maxLength: 5 }),
    metadata: fc.record(
      { task_id: fc.oneof(text, fc.nat()), domain: text, extra: json },
      { requiredKeys: [] },
    ),
    trace: json,
  },
  {
    requiredKeys: ['kind', 'v', 'ts', 'step', 'evaluation', 'group', 'index', 'status', 'reward', 'messages'],
  },
);
// Fields the reader does not know, anywhere in the record.
const extras = fc.dictionary(
  fc
    .string({ maxLength: 8 })
    .filter(
      (k) =>
        !/^(kind|v|ts|step|evaluation|group|index|status|reward|shapedReward|taskId|domain|messages|tools|metadata|trace)$/.test(
          k,
        ),
    ),
  json,
  { maxKeys: 3 },
);
const sample = fc.tuple(baseSample, extras).map(([record, more]) => ({ ...more, ...record }));

/** As a writer lays it out: v2 head first, v1 in any key order; sometimes with spaces between tokens. */
function layout(record: Record<string, unknown>, order: number, spaced: boolean): string {
  const keys = Object.keys(record);
  const turn = order % Math.max(1, keys.length);
  const laid =
    record.v === 1
      ? Object.fromEntries([...keys.slice(turn), ...keys.slice(0, turn)].map((k) => [k, record[k]]))
      : headFirst(record);
  // JSON.stringify's indentation puts newlines only between tokens (inside strings they are escaped).
  return spaced ? JSON.stringify(laid, null, 1).replace(/\n/g, ' ') : JSON.stringify(laid);
}

describe('readLineHead', () => {
  it('reads what JSON.parse reads from any valid record, v1 in any key order and v2 head first', () => {
    const memory = createLineMemory();
    fc.assert(
      fc.property(sample, fc.nat(), fc.boolean(), (record, order, spaced) => {
        const line = layout(record as Record<string, unknown>, order, spaced);
        // Twice through one memory: a remembered prompt and key order must give the same answer.
        matchesOracle(line, read(line, memory));
        matchesOracle(line, read(line, memory));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes a prompt the same way whether it is remembered or new', () => {
    const memory = createLineMemory();
    for (const [step, group, index] of [
      [0, 0, 0],
      [0, 0, 1],
      [3, 2, 0],
      [0, 0, 2],
    ] as const) {
      const s = demoSample(step, group, index);
      const head = read(JSON.stringify(s), memory);
      expect(head.kind === 'sample' && head.entry.promptHash).toBe(promptHash(s.messages));
    }
  });

  it('recognises a v1 value the previous record repeated, and only that value', () => {
    const memory = createLineMemory();
    const v1 = (s: Record<string, unknown>) => JSON.stringify({ ...s, v: 1 });
    const a = demoSample(0, 0, 0) as unknown as Record<string, unknown>;
    const b = demoSample(0, 1, 0) as unknown as Record<string, unknown>;
    const tools = a.tools as unknown[];
    for (const line of [
      v1(a),
      v1(b),
      // The remembered list is a prefix of this one but for its closing bracket.
      v1({ ...b, tools: [...tools, { type: 'function', function: { name: 'extra' } }] }),
      v1({ ...b, tools: tools.slice(1) }),
      v1({ ...b, tools: [...tools, 1].slice(0, -1), index: 3 }),
      v1({ ...b, tools: [...tools] }).replace(/\}\]\}$/, '}],}'),
    ]) {
      matchesOracle(line, read(line, memory));
    }
  });

  it('stops a v2 record at its turns: what follows them is left to the full read', () => {
    const s = demoSample(0, 0, 0);
    const whole = JSON.stringify(s);
    const cut = whole.slice(0, whole.indexOf('"role":"assistant"') + 30);
    expect(read(cut)).toMatchObject({ kind: 'sample', entry: { task: s.taskId } });
    // A v1 record is walked to its end, so the same cut is reported at once.
    expect(read(JSON.stringify({ ...s, v: 1 }).slice(0, cut.length))).toEqual({
      kind: 'problem',
      message: expect.stringMatching(/^not valid JSON: the JSON is cut off/),
    });
  });

  it('says what is wrong with a line, by field', () => {
    const s = demoSample(0, 0, 0) as unknown as Record<string, unknown>;
    const v1 = (extra: Record<string, unknown>) => JSON.stringify({ ...s, v: 1, ...extra });
    const cases: [string, RegExp][] = [
      ['[1, 2]', /^not a JSON object$/],
      ['{"kind": "sample", "v": 1', /^not valid JSON/],
      ['{"kind": "sample"} x', /^not valid JSON: unexpected text after the record/],
      [v1({ step: -1 }), /^step: expected a non-negative integer$/],
      [
        v1({ status: 'exploded' }),
        /^status: expected one of completed, truncated, aborted, failed, pending$/,
      ],
      [v1({ reward: '1' }), /^reward: expected a number or null$/],
      [v1({ messages: {} }), /^messages: expected an array$/],
      [v1({ messages: [{ role: 'user', content: 3 }] }), /^messages\.0: expected \{role, content\}/],
      [v1({ kind: 'mystery' }), /^kind: expected "sample" or "step", got "mystery"$/],
      [v1({ v: 99 }), /^record format v99 is newer than this extension reads/],
      [v1({ metadata: { score: 'NaN' } }).replace('"NaN"', 'NaN'), /^not valid JSON: unexpected 'NaN'/],
      [v1({ extra: [1, 2] }).replace('[1,2]', '[1,2}'), /^not valid JSON: unexpected '}'/],
    ];
    for (const [line, message] of cases) {
      expect(read(line), line.slice(0, 80)).toEqual({
        kind: 'problem',
        message: expect.stringMatching(message),
      });
    }
  });

  it('reads escaped keys and a step record', () => {
    const s = demoSample(1, 0, 0);
    const escaped = JSON.stringify({ ...s, v: 1 }).replace('"step":', '"\\u0073tep":');
    expect(read(escaped)).toMatchObject({ kind: 'sample', entry: { step: 1 } });
    expect(read('{"kind":"step","v":2,"ts":0,"step":1,"evaluation":false,"metrics":{}}')).toEqual({
      kind: 'step',
    });
  });
});
