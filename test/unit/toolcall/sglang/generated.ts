// Seeded completions for the differential test against SGLang's own parsers: valid calls of each parser's
// format, then mutated the ways model output goes wrong (missing newlines, truncation, nested and stray
// tags, CRLF, unicode, big integers, NaN, think blocks, several calls, text after calls, ...).
import type { EngineInput } from './engineView';
import { rng } from '../../../../src/core/demo/demoSamples';

export const GENERATED_TOOLS = [
  fn('get_order', { order_id: { type: 'string' } }, ['order_id']),
  fn('refund', {
    order_id: { type: 'string' },
    amount: { type: 'number' },
    count: { type: 'integer' },
    notify: { type: 'boolean' },
    items: { type: 'array', items: { type: 'string' } },
    meta: { type: 'object' },
  }),
  fn('choose', {
    mode: { enum: ['fast', 'slow'] },
    level: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    tag: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    ids: { type: ['array', 'null'] },
    ratio: { anyOf: [{ type: 'number' }, { type: 'null' }] },
  }),
  fn('db', {
    q: { type: 'varchar(255)' },
    n: { type: 'bigint' },
    x: { type: 'double' },
    flag: { type: 'bool' },
  }),
];

function fn(name: string, properties: Record<string, unknown>, required?: string[]): unknown {
  return {
    type: 'function',
    function: { name, parameters: { type: 'object', properties, ...(required ? { required } : {}) } },
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rand, p: number): boolean => r() < p;

const STRINGS = [
  'A1',
  'W#2378156',
  'héllo wörld',
  '日本語',
  '😀 emoji',
  'a "quote"',
  "it's",
  'line\nbreak',
  'tab\there',
  '\u2028sep',
  '<b>tag</b>',
  'back\\slash',
  '',
];
// Number texts as a model writes them: integers beyond 2^53, floats, exponents, non-finite spellings.
const NUMBERS = [
  '3',
  '-7',
  '0',
  '9007199254740993',
  '18446744073709551615',
  '2.5',
  '5.0',
  '1e3',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  'inf',
  'nan',
  '1_000',
  ' 42 ',
  '007',
  '3.14159',
  '1e-7',
  'abc',
];

interface Call {
  name: string;
  /** Parameter name -> the text the model wrote for its value (JSON for qwen25/hermes). */
  params: [string, string][];
}

function randomCall(r: Rand): Call {
  const name = chance(r, 0.06) ? 'unknown_tool' : pick(r, ['get_order', 'refund', 'choose', 'db']);
  const keys: Record<string, string[]> = {
    get_order: ['order_id'],
    refund: ['order_id', 'amount', 'count', 'notify', 'items', 'meta'],
    choose: ['mode', 'level', 'tag', 'ids', 'ratio'],
    db: ['q', 'n', 'x', 'flag'],
    unknown_tool: ['x'],
  };
  const params: [string, string][] = [];
  for (const key of keys[name] ?? []) {
    if (!chance(r, 0.7)) continue;
    params.push([key, randomValue(r)]);
  }
  if (chance(r, 0.05) && params.length > 0) params.push([params[0]![0], randomValue(r)]);
  return { name, params };
}

/** A value's JSON-ish text. */
function randomValue(r: Rand): string {
  const kind = r();
  if (kind < 0.3) return JSON.stringify(pick(r, STRINGS));
  if (kind < 0.6) return pick(r, NUMBERS);
  if (kind < 0.7) return pick(r, ['true', 'false', 'True', 'null', 'None']);
  if (kind < 0.8) return `[${[randomValue(r), randomValue(r)].join(', ')}]`;
  if (kind < 0.9) return `{"k": ${randomValue(r)}}`;
  return pick(r, ["['a', 'b']", "{'k': 1}", '(1, 2)', '[1, 2, 1e999]', '[NaN]', '{"x": Infinity}']);
}

function renderJson(r: Rand, call: Call): string {
  const args = `{${call.params.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;
  const key = chance(r, 0.05) ? 'parameters' : 'arguments';
  const argText = chance(r, 0.04) ? JSON.stringify(args) : args;
  return `{"name": ${JSON.stringify(call.name)}, "${key}": ${argText}}`;
}

function renderCoder(r: Rand, call: Call): string {
  const params = call.params.map(([k, v]) => {
    const text = v.startsWith('"') ? safeParse(v) : v;
    const close = chance(r, 0.08)
      ? pick(r, ['', '</parameter1>', '</parameter', '</parameter_function>'])
      : '</parameter>';
    return `<parameter=${k}>\n${text}\n${close}`;
  });
  const end = chance(r, 0.05) ? '' : '\n</function>';
  return `<function=${call.name}>\n${params.join('\n')}${end}`;
}

function safeParse(v: string): string {
  try {
    return String(JSON.parse(v));
  } catch {
    return v;
  }
}

function block(r: Rand, parser: string, calls: Call[]): string {
  if (parser === 'qwen3_coder')
    return `<tool_call>\n${calls.map((c) => renderCoder(r, c)).join('\n')}\n</tool_call>`;
  const body =
    calls.length > 1 || chance(r, 0.05)
      ? `[${calls.map((c) => renderJson(r, c)).join(', ')}${chance(r, 0.2) ? ', 1' : ''}]`
      : renderJson(r, calls[0]!);
  return `<tool_call>\n${body}\n</tool_call>`;
}

function completion(r: Rand, parser: string): string {
  const blocks: string[] = [];
  const n = chance(r, 0.25) ? 2 + Math.floor(r() * 2) : 1;
  for (let i = 0; i < n; i++)
    blocks.push(block(r, parser, chance(r, 0.1) ? [randomCall(r), randomCall(r)] : [randomCall(r)]));
  let text = blocks.join(pick(r, ['\n', '\n\n', '', ' ']));
  if (chance(r, 0.3))
    text = `${pick(r, ['Let me check.', 'Sure!', '好的，', 'I will call a tool.'])}\n${text}`;
  if (chance(r, 0.15)) text += pick(r, ['\nDone.', '\n<tool_call>', ' trailing text', '\n</tool_call>']);
  return mutate(r, text);
}

function mutate(r: Rand, text: string): string {
  let t = text;
  if (chance(r, 0.08)) t = t.replace('<tool_call>\n', '<tool_call>');
  if (chance(r, 0.08)) t = t.replace('\n</tool_call>', '</tool_call>');
  if (chance(r, 0.05)) t = t.replace(/\n/g, '\r\n');
  if (chance(r, 0.05)) {
    const at = Math.floor(r() * t.length);
    t = `${t.slice(0, at)}${pick(r, ['<tool_call>\n', '</tool_call>', '<think>', '</think>', '<function=x>'])}${t.slice(at)}`;
  }
  if (chance(r, 0.1)) t = t.slice(0, Math.floor(r() * t.length));
  if (chance(r, 0.03)) t = '<tool_call>\n\n</tool_call>';
  return t;
}

function withThinking(r: Rand, text: string): string {
  const thought = pick(r, [
    'The user wants a refund.',
    '思考中',
    'Maybe <tool_call>\n{"name": "get_order", "arguments": {}}\n</tool_call> first.',
    '',
  ]);
  const shape = r();
  if (shape < 0.5) return `<think>\n${thought}\n</think>\n\n${text}`;
  if (shape < 0.7) return `${thought}\n</think>\n\n${text}`;
  if (shape < 0.8) return `<think>\n${thought}\n${text}`;
  if (shape < 0.9) return `<think><think>${thought}</think>${text}`;
  return text;
}

const PARSERS = ['qwen25', 'hermes', 'qwen3_coder'] as const;
const REASONING = [
  { reasoning_parser: 'none', force_reasoning: false },
  { reasoning_parser: 'qwen3', force_reasoning: false },
  { reasoning_parser: 'qwen3', force_reasoning: true },
] as const;

/** `count` completions for every parser and reasoning setting, the same for the same seed. */
export function generatedCases(count: number, seed: number): (EngineInput & { id: string })[] {
  const r = rng(seed);
  const out: (EngineInput & { id: string })[] = [];
  for (let i = 0; i < count; i++) {
    const parser = PARSERS[i % PARSERS.length]!;
    const reasoning = REASONING[Math.floor(i / PARSERS.length) % REASONING.length]!;
    let text = completion(r, parser);
    if (reasoning.reasoning_parser !== 'none') text = withThinking(r, text);
    out.push({ id: `gen-${i}`, parser, ...reasoning, tools: GENERATED_TOOLS, text });
  }
  return out;
}
