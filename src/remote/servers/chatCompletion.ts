import * as z from 'zod';
import type { ServerParse } from '../../core/replay/serverParse';
import { PolicyServerError } from './policyError';

// The parts of SGLang's non-streaming chat completion a replay reads (entrypoints/openai/protocol.py
// ChatCompletionResponse, serving_chat.py _build_chat_response). Loose: servers add fields.

const ToolCallSchema = z.looseObject({
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }),
});

const ChatCompletionSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({
          content: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          tool_calls: z.array(ToolCallSchema).nullish(),
        }),
        finish_reason: z.string().nullish(),
        logprobs: z
          .looseObject({ content: z.array(z.looseObject({ token: z.string() })).nullish() })
          .nullish(),
      }),
    )
    .min(1),
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

export interface ChatCompletionRead {
  server: ServerParse;
  usage: { promptTokens: number; completionTokens: number } | null;
  /** The response's tokens joined, when it carries logprobs. */
  tokenText: string | null;
}

export function readChatCompletion(body: unknown): ChatCompletionRead {
  const parsed = ChatCompletionSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PolicyServerError(
      'response',
      `The chat completion is not in the OpenAI format: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'unreadable'}.`,
    );
  }
  const choice = parsed.data.choices[0]!;
  const { message } = choice;
  const tokens = choice.logprobs?.content;
  return {
    server: {
      content: message.content ?? null,
      reasoning: message.reasoning_content ?? null,
      toolCalls:
        message.tool_calls?.map((c) => ({
          name: c.function.name ?? '',
          arguments: c.function.arguments ?? '',
        })) ?? null,
      finishReason: choice.finish_reason ?? null,
      via: 'chat',
    },
    usage: parsed.data.usage
      ? {
          promptTokens: parsed.data.usage.prompt_tokens,
          completionTokens: parsed.data.usage.completion_tokens,
        }
      : null,
    tokenText: tokens ? tokens.map((t) => t.token).join('') : null,
  };
}
