// Turns drawn from how Qwen3 tool calls fail in the wild (sglang.md §4/§6, tau2.md §8, slime.md §4), each with
// what SGLang returns for it and the diagnostic codes the engine must report.
import type { Profile, ToolSpec, Verdict } from '../../../src/core/toolcall/types';

export interface CorpusCase {
  name: string;
  text: string;
  profile: Profile;
  tools?: ToolSpec[];
  finishReason?: 'stop' | 'length';
  expect: Omit<Verdict, 'parser' | 'reasoningParser'> & { codes: string[] };
}

export const TOOLS: ToolSpec[] = [
  {
    name: 'get_order',
    description: 'Look up an order',
    parameters: {
      type: 'object',
      properties: { order_id: { type: 'string' } },
      required: ['order_id'],
      additionalProperties: false,
    },
  },
  {
    name: 'refund',
    parameters: {
      type: 'object',
      properties: {
        order_id: { type: 'string' },
        amount: { type: 'number' },
        notify: { type: 'boolean' },
        count: { type: 'integer' },
        items: { type: 'array', items: { type: 'string' } },
      },
      required: ['order_id', 'amount'],
    },
  },
  {
    name: 'respond',
    parameters: { type: 'object', properties: { content: { type: 'string' } }, required: ['content'] },
  },
  { name: 'done', parameters: { type: 'object', properties: {} } },
];

// The verdicts below are SGLang 0.5.15.post1's, the release slime's docker image pins; the oracle test runs
// the same texts through every pinned release's own parsers.
const S = '0.5.15.post1';
const Q: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang', sglang: S };
const Q13: Profile = { ...Q, sglang: '0.5.13' };
const QN: Profile = { parser: 'qwen25', reasoningParser: 'none', policy: 'sglang', sglang: S };
const H: Profile = { parser: 'hermes', reasoningParser: 'none', policy: 'sglang', sglang: S };
const C: Profile = { parser: 'qwen3_coder', reasoningParser: 'none', policy: 'sglang', sglang: S };
const SC: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'single-call', sglang: S };

const A = { name: 'get_order', arguments: { order_id: 'A1' } };
const B = { name: 'get_order', arguments: { order_id: 'B2' } };
const json = (v: unknown): string => JSON.stringify(v);
/** A well-formed qwen25 block. */
const tc = (v: unknown): string => `<tool_call>\n${json(v)}\n</tool_call>`;
const raw = (body: string): string => `<tool_call>\n${body}\n</tool_call>`;
const xml = (name: string, params: Record<string, string>): string =>
  `<tool_call>\n<function=${name}>\n${Object.entries(params)
    .map(([k, v]) => `<parameter=${k}>\n${v}\n</parameter>\n`)
    .join('')}</function>\n</tool_call>`;

const calledA = [{ name: 'get_order', arguments: { order_id: 'A1' } }];

function c(
  name: string,
  text: string,
  profile: Profile,
  expect: Partial<CorpusCase['expect']> & { codes: string[] },
  extra: { tools?: ToolSpec[] | null; finishReason?: 'stop' | 'length' } = {},
): CorpusCase {
  const out: CorpusCase = {
    name,
    text,
    profile,
    expect: { content: null, reasoning: null, calls: [], finishReason: 'stop', ...expect },
  };
  if (extra.tools !== null) out.tools = extra.tools ?? TOOLS;
  if (extra.finishReason !== undefined) out.finishReason = extra.finishReason;
  return out;
}

export const CORPUS: CorpusCase[] = [
  // --- qwen25: what works
  c('valid call after a think block', `<think>\nI need the order.\n</think>\n\n${tc(A)}`, Q, {
    reasoning: '\nI need the order.\n',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c('content before the call', `Let me check.\n${tc(A)}`, QN, {
    content: 'Let me check.',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c('plain answer, no call', 'Your order shipped.', QN, { content: 'Your order shipped.', codes: [] }),
  c('think then text then call', `<think>x</think>\nLooking it up.\n${tc(A)}`, Q, {
    reasoning: 'x',
    content: 'Looking it up.',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c('no think tags under qwen3: thinking was off', tc(A), Q, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c('</think> without <think> (start tag in the prompt)', `I should look it up.\n</think>\n\n${tc(A)}`, Q, {
    reasoning: 'I should look it up.\n',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c(
    'parameters accepted as an alias of arguments',
    tc({ name: 'get_order', parameters: { order_id: 'A1' } }),
    QN,
    {
      calls: calledA,
      finishReason: 'tool_calls',
      codes: [],
    },
  ),
  c(
    'empty parameters falls back to arguments',
    tc({ name: 'get_order', parameters: {}, arguments: { order_id: 'A1' } }),
    QN,
    { calls: calledA, finishReason: 'tool_calls', codes: [] },
  ),
  c('missing arguments become {}', tc({ name: 'done' }), QN, {
    calls: [{ name: 'done', arguments: {} }],
    finishReason: 'tool_calls',
    codes: [],
  }),
  c(
    'unknown name kept when the tools are unknown',
    tc({ name: 'cancel', arguments: {} }),
    QN,
    {
      calls: [{ name: 'cancel', arguments: {} }],
      finishReason: 'tool_calls',
      codes: [],
    },
    { tools: null },
  ),
  c('Python whitespace (U+00A0) stripped before json.loads', raw(`\u00a0${json(A)}`), QN, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c(
    'finish length is never rewritten',
    tc(A),
    QN,
    { calls: calledA, finishReason: 'length', codes: [] },
    {
      finishReason: 'length',
    },
  ),
  c(
    'NaN is accepted by Python json.loads',
    raw('{"name": "refund", "arguments": {"order_id": "A1", "amount": NaN}}'),
    QN,
    {
      calls: [{ name: 'refund', arguments: { order_id: 'A1', amount: NaN } }],
      finishReason: 'tool_calls',
      codes: ['TC002'],
    },
  ),

  // --- qwen25: calls the parser never sees (TC010)
  c('missing newline after <tool_call>', `<tool_call>${json(A)}\n</tool_call>`, QN, {
    content: `<tool_call>${json(A)}\n</tool_call>`,
    codes: ['TC010'],
  }),
  c('missing newline before </tool_call>', `<tool_call>\n${json(A)}</tool_call>`, QN, {
    content: `<tool_call>\n${json(A)}</tool_call>`,
    finishReason: 'tool_calls',
    codes: ['TC010'],
  }),
  c('no newlines at all (hermes style) under qwen25', `<tool_call>${json(A)}</tool_call>`, QN, {
    content: `<tool_call>${json(A)}</tool_call>`,
    codes: ['TC010'],
  }),
  c('Windows line endings', `<tool_call>\r\n${json(A)}\r\n</tool_call>`, QN, {
    content: `<tool_call>\r\n${json(A)}\r\n</tool_call>`,
    codes: ['TC010'],
  }),
  c('XML dialect sent to qwen25', xml('get_order', { order_id: 'A1' }), QN, {
    content: xml('get_order', { order_id: 'A1' }),
    finishReason: 'tool_calls',
    codes: ['TC010'],
  }),
  c('close without newline swallows the next call', `<tool_call>\n${json(A)}</tool_call>\n${tc(B)}`, QN, {
    content: `<tool_call>\n${json(A)}</tool_call>\n${tc(B)}`,
    finishReason: 'tool_calls',
    codes: ['TC010'],
  }),

  // --- qwen25: bad JSON (TC002)
  c('single quotes (Python repr)', raw("{'name': 'get_order', 'arguments': {'order_id': 'A1'}}"), QN, {
    content: raw("{'name': 'get_order', 'arguments': {'order_id': 'A1'}}"),
    finishReason: 'tool_calls',
    codes: ['TC002'],
  }),
  c('trailing comma', raw('{"name": "get_order", "arguments": {"order_id": "A1",}}'), QN, {
    content: raw('{"name": "get_order", "arguments": {"order_id": "A1",}}'),
    finishReason: 'tool_calls',
    codes: ['TC002'],
  }),
  c(
    'Python True',
    raw('{"name": "refund", "arguments": {"order_id": "A1", "amount": 5, "notify": True}}'),
    QN,
    {
      content: raw('{"name": "refund", "arguments": {"order_id": "A1", "amount": 5, "notify": True}}'),
      finishReason: 'tool_calls',
      codes: ['TC002'],
    },
  ),
  c('JSON cut off inside a closed block', raw('{"name": "get_order", "arguments": {"order_id": "A1"'), QN, {
    content: raw('{"name": "get_order", "arguments": {"order_id": "A1"'),
    finishReason: 'tool_calls',
    codes: ['TC002'],
  }),
  c('two JSON objects in one block', raw(`${json(A)}\n${json(B)}`), QN, {
    content: raw(`${json(A)}\n${json(B)}`),
    finishReason: 'tool_calls',
    codes: ['TC002'],
  }),
  c('empty block', '<tool_call>\n\n</tool_call>', QN, {
    content: '<tool_call>\n\n</tool_call>',
    finishReason: 'tool_calls',
    codes: ['TC002'],
  }),
  c(
    'one bad block among good ones: only the good call survives',
    `${tc(A)}\n${raw("{'name': 'refund'}")}`,
    QN,
    {
      calls: calledA,
      finishReason: 'tool_calls',
      codes: ['TC002'],
    },
  ),

  // --- qwen25: call objects
  c('unknown tool name is dropped', tc({ name: 'cancel_order', arguments: { order_id: 'A1' } }), QN, {
    content: tc({ name: 'cancel_order', arguments: { order_id: 'A1' } }),
    finishReason: 'tool_calls',
    codes: ['TC005'],
  }),
  c('missing name', tc({ arguments: { order_id: 'A1' } }), QN, {
    content: tc({ arguments: { order_id: 'A1' } }),
    finishReason: 'tool_calls',
    codes: ['TC003'],
  }),
  c('numeric name is dropped', tc({ name: 42, arguments: {} }), QN, {
    content: tc({ name: 42, arguments: {} }),
    finishReason: 'tool_calls',
    codes: ['TC003'],
  }),
  c(
    'object name makes the parser raise: no calls, finish restored',
    `${tc(A)}\n${tc({ name: { x: 1 }, arguments: {} })}`,
    QN,
    {
      content: `${tc(A)}\n${tc({ name: { x: 1 }, arguments: {} })}`,
      codes: ['TC003', 'TC007'],
    },
  ),
  c('a bare JSON string block makes the parser raise', raw('"get_order"'), QN, {
    content: raw('"get_order"'),
    codes: ['TC003'],
  }),
  c('double-encoded arguments', raw('{"name": "get_order", "arguments": "{\\"order_id\\": \\"A1\\"}"}'), QN, {
    calls: [{ name: 'get_order', arguments: '{"order_id": "A1"}' }],
    finishReason: 'tool_calls',
    codes: ['TC004'],
  }),
  c('arguments as an array', tc({ name: 'get_order', arguments: ['A1'] }), QN, {
    calls: [{ name: 'get_order', arguments: ['A1'] }],
    finishReason: 'tool_calls',
    codes: ['TC004'],
  }),
  c('arguments null', tc({ name: 'done', arguments: null }), QN, {
    calls: [{ name: 'done', arguments: null }],
    finishReason: 'tool_calls',
    codes: ['TC004'],
  }),
  c(
    'both parameters and arguments',
    tc({ name: 'get_order', parameters: { order_id: 'A1' }, arguments: { order_id: 'B2' } }),
    QN,
    {
      calls: calledA,
      finishReason: 'tool_calls',
      codes: ['TC004'],
    },
  ),

  // --- qwen25: schemas (TC006)
  c('missing required argument', tc({ name: 'get_order', arguments: {} }), QN, {
    calls: [{ name: 'get_order', arguments: {} }],
    finishReason: 'tool_calls',
    codes: ['TC006'],
  }),
  c('wrong argument type', tc({ name: 'refund', arguments: { order_id: 'A1', amount: '12' } }), QN, {
    calls: [{ name: 'refund', arguments: { order_id: 'A1', amount: '12' } }],
    finishReason: 'tool_calls',
    codes: ['TC006'],
  }),
  c('additional property', tc({ name: 'get_order', arguments: { order_id: 'A1', note: 'x' } }), QN, {
    calls: [{ name: 'get_order', arguments: { order_id: 'A1', note: 'x' } }],
    finishReason: 'tool_calls',
    codes: ['TC006'],
  }),
  c('several violations in one call', tc({ name: 'refund', arguments: { amount: 'x', count: 1.5 } }), QN, {
    calls: [{ name: 'refund', arguments: { amount: 'x', count: 1.5 } }],
    finishReason: 'tool_calls',
    codes: ['TC006', 'TC006', 'TC006'],
  }),

  // --- qwen25: several calls and text around them (TC007, TC008)
  c('a list of calls in one block', raw(json([A, B])), QN, {
    calls: [...calledA, { name: 'get_order', arguments: { order_id: 'B2' } }],
    finishReason: 'tool_calls',
    codes: ['TC007'],
  }),
  c('two blocks', `${tc(A)}\n${tc(B)}`, QN, {
    calls: [...calledA, { name: 'get_order', arguments: { order_id: 'B2' } }],
    finishReason: 'tool_calls',
    codes: ['TC007'],
  }),
  c('text before and between calls', `Sure.\n${tc(A)}\nAnd also:\n${tc(B)}`, QN, {
    content: 'Sure.',
    calls: [...calledA, { name: 'get_order', arguments: { order_id: 'B2' } }],
    finishReason: 'tool_calls',
    codes: ['TC007', 'TC008'],
  }),
  c('text after the call is discarded', `${tc(A)}\nI will wait for the result.`, QN, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: ['TC008'],
  }),
  c('text after a failed call is kept (no call parsed)', `${raw("{'a': 1}")}\nThanks`, QN, {
    content: `${raw("{'a': 1}")}\nThanks`,
    finishReason: 'tool_calls',
    codes: ['TC002'],
  }),

  // --- reasoning (TC009)
  c('call inside think, nothing after', `<think>\nMaybe ${tc(A)}\n</think>\n\nDone.`, Q, {
    reasoning: `\nMaybe ${tc(A)}\n`,
    content: '\n\nDone.',
    codes: ['TC009'],
  }),
  c('call inside think and a call after', `<think>\n${tc(B)}\n</think>\n\n${tc(A)}`, Q, {
    reasoning: `\n${tc(B)}\n`,
    calls: calledA,
    finishReason: 'tool_calls',
    codes: ['TC009'],
  }),
  c('missing </think>: everything is reasoning', `<think>\nI will call get_order.\n${tc(A)}`, Q13, {
    reasoning: `\nI will call get_order.\n${tc(A)}`,
    codes: ['TC009'],
  }),
  c(
    'missing </think>: from 0.5.15 a <tool_call> ends the reasoning',
    `<think>\nI will call get_order.\n${tc(A)}`,
    Q,
    {
      reasoning: `\nI will call get_order.\n`,
      calls: calledA,
      finishReason: 'tool_calls',
      codes: [],
    },
  ),
  c('think block under reasoning parser none stays content', `<think>\nhmm\n</think>\n\n${tc(A)}`, QN, {
    content: '<think>\nhmm\n</think>',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),

  // --- unclosed and stray tags (TC001, TC011)
  c(
    'cut off by max tokens',
    '<tool_call>\n{"name": "get_order", "argu',
    QN,
    {
      content: '<tool_call>\n{"name": "get_order", "argu',
      finishReason: 'length',
      codes: ['TC001'],
    },
    { finishReason: 'length' },
  ),
  c('complete JSON but no </tool_call> (stop sequence)', `<tool_call>\n${json(A)}`, QN, {
    content: `<tool_call>\n${json(A)}`,
    finishReason: 'tool_calls',
    codes: ['TC001'],
  }),
  c(
    'one call, then a second cut off by max tokens',
    `${tc(A)}\n<tool_call>\n{"name": "get_or`,
    QN,
    {
      calls: calledA,
      finishReason: 'length',
      codes: ['TC001'],
    },
    { finishReason: 'length' },
  ),
  c('unclosed call swallows the next one', `<tool_call>\n${json(A)}\n${tc(B)}`, QN, {
    content: `<tool_call>\n${json(A)}\n${tc(B)}`,
    finishReason: 'tool_calls',
    codes: ['TC001'],
  }),
  c('stray </tool_call> after prose', 'Here you go.</tool_call>', QN, {
    content: 'Here you go.</tool_call>',
    codes: ['TC011'],
  }),
  c('call without its opening tag', `${json(A)}\n</tool_call>`, QN, {
    content: `${json(A)}\n</tool_call>`,
    codes: ['TC011'],
  }),

  // --- hermes
  c('hermes: no newlines needed', `<tool_call>${json(A)}</tool_call>`, H, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c('hermes: qwen-style newlines work too', tc(A), H, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),
  c(
    'hermes: one bad block loses every call',
    `<tool_call>${json(A)}</tool_call>\n<tool_call>{'name': 'refund'}</tool_call>`,
    H,
    {
      content: `<tool_call>${json(A)}</tool_call>\n<tool_call>{'name': 'refund'}</tool_call>`,
      finishReason: 'tool_calls',
      codes: ['TC002'],
    },
  ),
  c('hermes: unterminated last call is accepted', `Checking.\n<tool_call>${json(A)}`, H, {
    content: 'Checking.',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: ['TC001'],
  }),
  c('hermes: unknown name dropped', `<tool_call>${json({ name: 'nope', arguments: {} })}</tool_call>`, H, {
    content: `<tool_call>${json({ name: 'nope', arguments: {} })}</tool_call>`,
    finishReason: 'tool_calls',
    codes: ['TC005'],
  }),
  c('hermes: XML dialect', xml('get_order', { order_id: 'A1' }), H, {
    content: xml('get_order', { order_id: 'A1' }),
    finishReason: 'tool_calls',
    codes: ['TC010'],
  }),
  c('hermes: empty block skipped', `<tool_call></tool_call>${tc(A)}`, H, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: [],
  }),

  // --- qwen3_coder
  c(
    'coder: values converted by schema type',
    xml('refund', { order_id: 'A1', amount: '12.5', notify: 'true', count: '3', items: '["a", "b"]' }),
    C,
    {
      calls: [
        {
          name: 'refund',
          arguments: { order_id: 'A1', amount: 12.5, notify: true, count: 3, items: ['a', 'b'] },
        },
      ],
      finishReason: 'tool_calls',
      codes: [],
    },
  ),
  c('coder: unknown name is kept', xml('lookup', { q: 'x' }), C, {
    calls: [{ name: 'lookup', arguments: { q: 'x' } }],
    finishReason: 'tool_calls',
    codes: ['TC005'],
  }),
  c(
    'coder: a non-integer stays a string',
    xml('refund', { order_id: 'A1', amount: '5', count: 'three' }),
    C,
    {
      calls: [{ name: 'refund', arguments: { order_id: 'A1', amount: 5, count: 'three' } }],
      finishReason: 'tool_calls',
      codes: ['TC006', 'TC006'],
    },
  ),
  c('coder: a bad boolean becomes false', xml('refund', { order_id: 'A1', amount: '5', notify: 'yes' }), C, {
    calls: [{ name: 'refund', arguments: { order_id: 'A1', amount: 5, notify: false } }],
    finishReason: 'tool_calls',
    codes: ['TC006'],
  }),
  c(
    'coder: a Python list literal for an array',
    xml('refund', { order_id: 'A1', amount: '1', items: "['a', 'b']" }),
    C,
    {
      calls: [{ name: 'refund', arguments: { order_id: 'A1', amount: 1, items: ['a', 'b'] } }],
      finishReason: 'tool_calls',
      codes: [],
    },
  ),
  c('coder: null for any type', xml('get_order', { order_id: 'null' }), C, {
    calls: [{ name: 'get_order', arguments: { order_id: null } }],
    finishReason: 'tool_calls',
    codes: ['TC006'],
  }),
  c(
    'coder: missing </parameter> and </function> tolerated',
    '<tool_call>\n<function=get_order>\n<parameter=order_id>\nA1\n</tool_call>',
    C,
    { calls: calledA, finishReason: 'tool_calls', codes: [] },
  ),
  c('coder: JSON inside the block', tc(A), C, {
    content: tc(A),
    finishReason: 'tool_calls',
    codes: ['TC010'],
  }),
  c(
    'coder: <function= without <tool_call> is not parsed',
    '<function=get_order>\n<parameter=order_id>\nA1\n</parameter>\n</function>',
    C,
    {
      content: '<function=get_order>\n<parameter=order_id>\nA1\n</parameter>\n</function>',
      codes: ['TC010'],
    },
  ),
  c(
    'coder: unclosed <tool_call> read through the fallback',
    'Let me look.\n<tool_call>\n<function=get_order>\n<parameter=order_id>\nA1\n</parameter>\n</function>',
    C,
    { content: 'Let me look.\n', calls: calledA, finishReason: 'tool_calls', codes: ['TC001'] },
  ),
  c(
    'coder: content before the call is not stripped',
    `I'll check.\n\n${xml('get_order', { order_id: 'A1' })}`,
    C,
    {
      content: "I'll check.\n\n",
      calls: calledA,
      finishReason: 'tool_calls',
      codes: [],
    },
  ),
  c('coder: text after the call', `${xml('get_order', { order_id: 'A1' })}\nThanks`, C, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: ['TC008'],
  }),
  c(
    'coder: two functions in one block',
    '<tool_call>\n<function=get_order>\n<parameter=order_id>\nA1\n</parameter>\n</function>\n<function=get_order>\n<parameter=order_id>\nB2\n</parameter>\n</function>\n</tool_call>',
    C,
    {
      calls: [...calledA, { name: 'get_order', arguments: { order_id: 'B2' } }],
      finishReason: 'tool_calls',
      codes: ['TC007'],
    },
  ),

  // --- single-call policy (the tau2 recipe)
  c(
    'single-call: respond after thinking',
    `<think>\nok\n</think>\n\n${tc({ name: 'respond', arguments: { content: 'Hi' } })}`,
    SC,
    {
      reasoning: '\nok\n',
      calls: [{ name: 'respond', arguments: { content: 'Hi' } }],
      finishReason: 'tool_calls',
      codes: [],
    },
  ),
  c('single-call: done', tc({ name: 'done', arguments: {} }), SC, {
    calls: [{ name: 'done', arguments: {} }],
    finishReason: 'tool_calls',
    codes: [],
  }),
  c('single-call: text before the block', `Sure!\n${tc(A)}`, SC, {
    content: 'Sure!',
    calls: calledA,
    finishReason: 'tool_calls',
    codes: ['TC008'],
  }),
  c('single-call: text after the block', `${tc(A)}\nThanks`, SC, {
    calls: calledA,
    finishReason: 'tool_calls',
    codes: ['TC008'],
  }),
  c('single-call: two blocks', `${tc(A)}\n${tc(B)}`, SC, {
    calls: [...calledA, { name: 'get_order', arguments: { order_id: 'B2' } }],
    finishReason: 'tool_calls',
    codes: ['TC007'],
  }),
  c('single-call: no call at all', 'I can help with that.', SC, {
    content: 'I can help with that.',
    codes: ['TC012'],
  }),
  c('single-call: the call only in think', `<think>\n${tc(A)}\n</think>\n\nOK`, SC, {
    reasoning: `\n${tc(A)}\n`,
    content: '\n\nOK',
    codes: ['TC009'],
  }),
  c(
    'single-call: respond is an ordinary tool (not offered here)',
    tc({ name: 'respond', arguments: { content: 'Hi' } }),
    SC,
    {
      content: tc({ name: 'respond', arguments: { content: 'Hi' } }),
      finishReason: 'tool_calls',
      codes: ['TC005'],
    },
    { tools: TOOLS.filter((t) => t.name !== 'respond') },
  ),
  c(
    'single-call: double-encoded arguments are only a warning',
    raw('{"name": "get_order", "arguments": "{\\"order_id\\": \\"A1\\"}"}'),
    SC,
    {
      calls: [{ name: 'get_order', arguments: '{"order_id": "A1"}' }],
      finishReason: 'tool_calls',
      codes: ['TC004'],
    },
  ),

  // --- no tools offered
  c(
    'no tools offered: SGLang does not run the parser',
    tc(A),
    QN,
    { content: tc(A), codes: ['TC005'] },
    { tools: [] },
  ),
];
