import * as z from 'zod';
import type { ServerParse } from '../../core/replay/serverParse';
import type { ReplayTool } from '../../core/replay/replayRequest';
import { bodyExcerpt } from './httpExcerpt';
import { PolicyServerError } from './policyError';

// SGLang's parse endpoints (srt/entrypoints/http_server.py): the same reasoning parser and tool-call
// detector the chat endpoint runs, applied to any text.
const SeparatedSchema = z.looseObject({ reasoning_text: z.string().nullish(), text: z.string() });
const ParsedSchema = z.looseObject({
  normal_text: z.string(),
  calls: z.array(z.looseObject({ name: z.string().nullish(), parameters: z.unknown() })),
});

export interface ParseOptions {
  apiKey?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The server's parse of a raw completion the chat endpoint did not parse (the tools were in the system
 * prompt, not in the request): /separate_reasoning with its reasoning parser, then /parse_function_call
 * with its tool-call parser on what is left, as serving_chat.py orders them.
 */
export async function parseOnServer(
  baseUrl: string,
  text: string,
  tools: ReplayTool[],
  parsers: { toolCallParser: string | null; reasoningParser: string | null },
  finish: string | null,
  opts: ParseOptions = {},
): Promise<ServerParse> {
  let reasoning: string | null = null;
  let normal = text;
  if (parsers.reasoningParser) {
    const r = SeparatedSchema.parse(
      await post(baseUrl, '/separate_reasoning', { text, reasoning_parser: parsers.reasoningParser }, opts),
    );
    reasoning = r.reasoning_text || null;
    normal = r.text;
  }
  if (!parsers.toolCallParser || tools.length === 0)
    return { content: normal, reasoning, toolCalls: null, finishReason: finish, via: 'parse-endpoints' };
  const p = ParsedSchema.parse(
    await post(
      baseUrl,
      '/parse_function_call',
      { text: normal, tool_call_parser: parsers.toolCallParser, tools },
      opts,
    ),
  );
  const calls = p.calls.map((c) => ({
    name: c.name ?? '',
    arguments: typeof c.parameters === 'string' ? c.parameters : JSON.stringify(c.parameters ?? {}),
  }));
  return {
    content: p.normal_text,
    reasoning,
    toolCalls: calls,
    // A call that parsed means the chat endpoint saw its trigger and would say tool_calls.
    finishReason: finish === 'stop' && calls.length > 0 ? 'tool_calls' : finish,
    via: 'parse-endpoints',
  };
}

async function post(baseUrl: string, path: string, body: unknown, opts: ParseOptions): Promise<unknown> {
  const signals = [AbortSignal.timeout(opts.timeoutMs ?? 30_000), ...(opts.signal ? [opts.signal] : [])];
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.any(signals),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok)
    throw new PolicyServerError(
      response.status === 401 ? 'auth' : 'http',
      `POST ${path} answered ${response.status}: ${bodyExcerpt(json, text)}`,
    );
  if (json === undefined)
    throw new PolicyServerError(
      'response',
      `POST ${path} did not answer JSON: ${bodyExcerpt(undefined, text)}`,
    );
  return json;
}
