import { headFirst, TAP_RECORD_VERSION } from '../records/tapRecord';
import type { ChatMessage, SampleRecord, StepRecord } from '../records/tapRecord';
import { DEMO_TASKS, DEMO_TOOLS, PSEUDO_TOOLS } from './tau2DemoTasks';
import type { DemoAction, DemoTask, DemoTool } from './tau2DemoTasks';

// Demo data only. Builds tau2-recipe-shaped samples (chat prompt with Qwen3 <tool_call> turns, tool
// results as "Tool result for …" user messages, tau2 reward_info, shaped rewards) so the demo run
// exercises the same paths as a real run. Deterministic: the same (step, group, index) always gives
// the same sample.

export const DEMO_SAMPLES_PER_GROUP = 4;

type Outcome =
  | 'success'
  | 'skipped_write'
  | 'no_newline'
  | 'bad_json'
  | 'double_encoded'
  | 'unknown_tool'
  | 'text_after'
  | 'call_in_think'
  | 'missing_required'
  | 'two_calls'
  | 'truncated';

/** Outcomes that the training stack cannot use as a call: the episode stops there. */
const FATAL: ReadonlySet<Outcome> = new Set([
  'no_newline',
  'bad_json',
  'unknown_tool',
  'call_in_think',
  'missing_required',
  'truncated',
]);
const MALFORMED: Outcome[] = [
  'no_newline',
  'bad_json',
  'double_encoded',
  'unknown_tool',
  'text_after',
  'call_in_think',
  'missing_required',
  'two_calls',
  'truncated',
];

const ALPHA: Record<DemoTask['domain'], number> = { retail: 0.2, airline: 0.25, telecom: 0.4 };

export function rng(seed: number): () => number {
  // mulberry32: small, fast and good enough for picking demo outcomes.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickOutcome(step: number, random: () => number): Outcome {
  // The policy gets better over the demo's steps: fewer malformed calls, more successes.
  const malformed = Math.max(0.06, 0.3 - 0.012 * step);
  const success = Math.min(0.85, 0.4 + 0.025 * step);
  const r = random();
  if (r < malformed) return MALFORMED[Math.floor(random() * MALFORMED.length)] ?? 'bad_json';
  return r < malformed + success * (1 - malformed) ? 'success' : 'skipped_write';
}

function openAiTool(t: DemoTool): unknown {
  return {
    type: 'function',
    function: {
      name: t.name,
      description: t.description,
      parameters: {
        type: 'object',
        properties: t.properties,
        required: t.required,
        additionalProperties: false,
      },
    },
  };
}

function systemPrompt(task: DemoTask, tools: unknown[]): string {
  return [
    `[DEMO DATA] You are a ${task.domain} customer service agent. Follow the ${task.domain} policy: authenticate the user, confirm before any write action, and make at most one tool call per turn.`,
    '',
    '# Tools',
    '',
    'You may call one or more functions to assist with the user query.',
    '',
    'You are provided with function signatures within <tools></tools> XML tags:',
    '<tools>',
    ...tools.map((t) => JSON.stringify(t)),
    '</tools>',
    '',
    'For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:',
    '<tool_call>',
    '{"name": <function-name>, "arguments": <args-json-object>}',
    '</tool_call>',
  ].join('\n');
}

function pyLiteral(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

const callText = (name: string, args: unknown) =>
  `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;

function assistantTurn(action: DemoAction, outcome: Outcome | undefined): string {
  const think = `<think>\n${action.think}\n</think>\n\n`;
  const json = JSON.stringify({ name: action.name, arguments: action.arguments });
  switch (outcome) {
    case 'no_newline':
      return `${think}<tool_call>${json}</tool_call>`;
    case 'bad_json':
      return `${think}<tool_call>\n${json.replace(/}}$/, '},}')}\n</tool_call>`;
    case 'double_encoded':
      return `${think}<tool_call>\n${JSON.stringify({ name: action.name, arguments: JSON.stringify(action.arguments) })}\n</tool_call>`;
    case 'unknown_tool':
      return `${think}${callText(action.name.replace(/_[a-z]+$/, ''), action.arguments)}`;
    case 'text_after':
      return `${think}${callText(action.name, action.arguments)}\nI will let you know as soon as this finishes.`;
    case 'call_in_think':
      return `<think>\n${action.think}\n${callText(action.name, action.arguments)}`;
    case 'missing_required': {
      const [first, ...rest] = Object.keys(action.arguments);
      const args = Object.fromEntries(rest.map((k) => [k, action.arguments[k]]));
      return `${think}${callText(action.name, first === undefined ? action.arguments : args)}`;
    }
    case 'two_calls':
      return `${think}${callText(action.name, action.arguments)}\n${callText('respond', { content: 'One moment please.' })}`;
    case 'truncated':
      return `${think}<tool_call>\n${json.slice(0, Math.max(8, Math.floor(json.length * 0.6)))}`;
    default:
      return `${think}${callText(action.name, action.arguments)}`;
  }
}

const toolResult = (a: DemoAction) =>
  `Tool result for ${a.name}(${Object.entries(a.arguments)
    .map(([k, v]) => `${k}=${pyLiteral(v)}`)
    .join(', ')}):\n${a.result}`;

const tokens = (text: string) => Math.ceil(text.length / 3.6);

/** About one sample in 23 asks for the same lookup three times before going on: a loop for the scanner. */
const repeatsFirstLookup = (step: number, group: number, index: number) =>
  (step * 5 + group * 3 + index) % 23 === 0;

export function demoSample(step: number, group: number, index: number): SampleRecord {
  const task = DEMO_TASKS[group % DEMO_TASKS.length] as DemoTask;
  const random = rng(step * 7919 + group * 104729 + index * 15485863 + 17);
  const outcome = pickOutcome(step, random);
  const tools = [...DEMO_TOOLS[task.domain], ...PSEUDO_TOOLS].map(openAiTool);
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(task, tools), trainable: false },
    { role: 'user', content: task.userOpening, trainable: false },
  ];
  const brokenAt =
    outcome === 'success' || outcome === 'skipped_write' ? -1 : Math.floor(random() * task.actions.length);
  const matched: boolean[] = [];
  let stopped = false;
  for (const [i, action] of task.actions.entries()) {
    if (outcome === 'skipped_write' && action.write) {
      matched.push(false);
      continue;
    }
    const broken = i === brokenAt ? outcome : undefined;
    messages.push({ role: 'assistant', content: assistantTurn(action, broken), trainable: true });
    if (broken !== undefined && FATAL.has(broken)) {
      stopped = true;
      matched.push(false, ...task.actions.slice(i + 1).map(() => false));
      break;
    }
    matched.push(true);
    messages.push({ role: 'user', content: toolResult(action), trainable: false });
    if (i === 0 && broken === undefined && repeatsFirstLookup(step, group, index))
      for (let again = 0; again < 2; again++)
        messages.push(
          { role: 'assistant', content: assistantTurn(action, undefined), trainable: true },
          { role: 'user', content: toolResult(action), trainable: false },
        );
  }
  const communicated = !stopped && outcome !== 'skipped_write';
  if (!stopped) {
    const reply =
      outcome === 'skipped_write'
        ? 'I have looked into it; is there anything else I can help with?'
        : task.finalReply;
    messages.push({
      role: 'assistant',
      content: `<think>\nTell the user the outcome.\n</think>\n\n${callText('respond', { content: reply })}`,
      trainable: true,
    });
    messages.push({ role: 'user', content: "Thanks, that's all. ###STOP###", trainable: false });
    messages.push({ role: 'assistant', content: callText('done', {}), trainable: true });
  }
  const dbMatch = matched.every(Boolean);
  const reward = dbMatch && communicated ? 1 : 0;
  const actionFraction = matched.filter(Boolean).length / matched.length;
  const partialComponents = {
    action: actionFraction,
    communicate: communicated ? 1 : 0,
    db: dbMatch ? 1 : 0,
  };
  const partialScore = (0.5 * actionFraction + 0.15 * partialComponents.communicate) / 0.65;
  const responseText = messages
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content)
    .join('');
  return headFirst({
    kind: 'sample',
    v: TAP_RECORD_VERSION,
    ts: 0,
    step,
    evaluation: false,
    group,
    index,
    status: outcome === 'truncated' ? 'truncated' : stopped ? 'aborted' : 'completed',
    reward,
    rawReward: reward,
    shapedReward: Math.round((reward + ALPHA[task.domain] * partialScore) * 1e4) / 1e4,
    // As the tap lifts them from the metadata.
    taskId: task.taskId,
    domain: task.domain,
    messages,
    tools,
    metadata: {
      demo: true,
      domain: task.domain,
      split: 'train',
      task_id: task.taskId,
      partial_score: Math.round(partialScore * 1e4) / 1e4,
      partial_components: partialComponents,
      tool_sequence: task.actions.filter((_, i) => matched[i]).map((a) => a.name),
      reward_info: {
        reward,
        db_check: { db_match: dbMatch, db_reward: dbMatch ? 1 : 0 },
        action_checks: task.actions.map((a, i) => ({
          action: {
            action_id: `${task.taskId}_${i}`,
            requestor: 'assistant',
            name: a.name,
            arguments: a.arguments,
          },
          action_match: matched[i] ?? false,
          action_reward: matched[i] ? 1 : 0,
        })),
        communicate_checks: [{ info: task.communicate, met: communicated, justification: null }],
        reward_basis: ['DB', 'COMMUNICATE'],
        reward_breakdown: { DB: dbMatch ? 1 : 0, COMMUNICATE: communicated ? 1 : 0 },
      },
    },
    promptTokens: tokens((messages[0]?.content ?? '') + task.userOpening),
    responseTokens: tokens(responseText),
  });
}

export function demoStepRecord(step: number, samples: SampleRecord[]): StepRecord {
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    kind: 'step',
    v: TAP_RECORD_VERSION,
    ts: 0,
    step,
    evaluation: false,
    metrics: {
      'rollout/raw_reward': mean(samples.map((s) => s.reward ?? 0)),
      'rollout/shaped_reward': mean(samples.map((s) => s.shapedReward ?? 0)),
      'rollout/response_len/mean': mean(samples.map((s) => s.responseTokens ?? 0)),
      'rollout/truncated_ratio': mean(samples.map((s) => (s.status === 'truncated' ? 1 : 0))),
    },
  };
}

export const DEMO_GROUPS_PER_STEP = DEMO_TASKS.length;

/**
 * The demo sample as the slime Sample the tau2 recipe would hand the tap (the fields of Sample.to_dict):
 * the whole chat in `prompt`, rewards and partial credit in `metadata` as the recipe's post-process writes
 * them. group_index and index are slime's global counters. The demo run feeds these through the tap.
 */
export function demoSlimeSample(step: number, group: number, index: number): Record<string, unknown> {
  const r = demoSample(step, group, index);
  const groupIndex = step * DEMO_GROUPS_PER_STEP + group;
  return {
    group_index: groupIndex,
    index: groupIndex * DEMO_SAMPLES_PER_GROUP + index,
    prompt: r.messages.map(({ role, content }) => ({ role, content })),
    response: r.messages
      .filter((m) => m.role === 'assistant')
      .map((m) => m.content)
      .join('\n\n'),
    response_length: r.responseTokens,
    reward: r.reward,
    status: r.status,
    remove_sample: false,
    metadata: { ...r.metadata, tools: r.tools, raw_reward: r.rawReward, shaped_reward: r.shapedReward },
  };
}
