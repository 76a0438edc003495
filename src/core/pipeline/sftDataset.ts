import { parseRecipeToolResult } from '../trajectory/recipeToolResult';
import type { TrajectorySample } from '../trajectory/sample';
import type { Turn } from '../trajectory/turn';
import type { KeptSample } from './rftFilter';
import { UNKNOWN_DOMAIN, taskReward } from './rftFilter';

// Kept trajectories → the chat dataset slime's SFT stage reads (run_sft.sh: `--input-key prompt
// --apply-chat-template`, slime.rollout.sft_rollout turns `sample.prompt`, a message list, into tokens
// and a loss mask). The recipe's own transcripts are written back as they were: assistant turns as
// raw text with their <tool_call> blocks, tool results as user messages "Tool result for …". Tool calls a
// source recorded only as structure (tau2 results) become OpenAI `tool_calls`, which the chat template
// renders.

export type ChatMessage = Record<string, unknown> & { role: string };

export function sftMessages(sample: TrajectorySample): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const turn of sample.turns) {
    const message = messageOf(turn);
    if (message) out.push(message);
  }
  return out;
}

function messageOf(turn: Turn): ChatMessage | undefined {
  switch (turn.role) {
    case 'system':
      return { role: 'system', content: turn.text };
    case 'user':
    case 'environment':
      // tau2 telecom: the user's own tool calls belong to the simulator, not to what the policy learns.
      return { role: 'user', content: turn.text };
    case 'assistant': {
      const message: ChatMessage = { role: 'assistant', content: turn.text };
      const structured = turn.toolCalls.filter((c) => c.requestor !== 'user');
      if (structured.length > 0 && !turn.text.includes('<tool_call>'))
        message.tool_calls = structured.map((c, i) => ({
          id: c.id ?? `call_${i}`,
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.arguments ?? {}) },
        }));
      return message;
    }
    case 'tool': {
      if (turn.requestor === 'user') return undefined;
      if (parseRecipeToolResult(turn.text)) return { role: 'user', content: turn.text };
      const message: ChatMessage = { role: 'tool', content: turn.text };
      if (turn.toolCallId !== undefined) message.tool_call_id = turn.toolCallId;
      if (turn.toolName !== undefined) message.name = turn.toolName;
      return message;
    }
  }
}

/** One JSONL line per kept trajectory, under the key the SFT stage reads (`--input-key`). */
export function sftDatasetText(kept: readonly KeptSample[], inputKey = 'prompt'): string {
  return kept
    .map(({ sample, keptBy }) => {
      const record: Record<string, unknown> = { [inputKey]: sftMessages(sample) };
      if (sample.tools !== undefined) record.tools = sample.tools;
      record.metadata = {
        domain: sample.domain ?? UNKNOWN_DOMAIN,
        task_id: sample.taskId ?? `group ${sample.group}`,
        reward: taskReward(sample),
        ...(sample.reward.partialScore != null ? { partial_score: sample.reward.partialScore } : {}),
        kept_by: keptBy,
        source: `${sample.source.file}${sample.source.line !== undefined ? `:${sample.source.line}` : ''}`,
      };
      return `${JSON.stringify(record)}\n`;
    })
    .join('');
}
