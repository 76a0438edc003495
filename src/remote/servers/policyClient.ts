import { randomUUID } from 'node:crypto';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ServerParse } from '../../core/replay/serverParse';
import type { ReplayRequest } from '../../core/replay/replayRequest';
import type { PortForward, Target } from '../target';
import { readChatCompletion } from './chatCompletion';
import { bodyExcerpt } from './httpExcerpt';
import { parseOnServer } from './parseEndpoints';
import { PolicyServerError } from './policyError';
import { readFinishedRequest } from './requestLog';
import { SERVER_FILES } from '../../core/servers/serverFiles';
import type { ServerRecord } from '../../core/servers/serverFiles';
import { fetchServerInfo, healthStatus } from './serverInfo';

/** A server this tool launched: where it runs, its directory (for the request log) and its record. */
export interface PolicyServer {
  target: Target;
  dir: string;
  record: ServerRecord;
  /** The bearer token when the server was started with --api-key. Never logged. */
  apiKey?: string;
  /** The name the server answers to (`served_model_name`); the model path when unknown. */
  model?: string;
}

export interface CompletionOptions {
  signal?: AbortSignal;
  /** For the whole generation; a long completion on a busy server takes a while. */
  timeoutMs?: number;
  maxTokens?: number;
  temperature?: number;
}

export interface PolicyCompletion {
  /** The request id, as it appears in the server's request log. */
  rid: string;
  /** The completion as the model wrote it, before any parsing; null when the server did not keep it. */
  raw: string | null;
  /**
   * Where `raw` came from: the request log (exact), or the tokens of the response's logprobs joined
   * (exact unless a character was split across tokens; `rawNote` says so).
   */
  rawSource: 'request-log' | 'logprobs' | null;
  rawNote: string | null;
  server: ServerParse;
  usage: { promptTokens: number; completionTokens: number } | null;
  elapsedMs: number;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const DEFAULT_MAX_TOKENS = 4096;
/** How long the request log gets to show the finished record after the response arrived. */
const LOG_WAIT_MS = 3_000;

/**
 * Asks a policy server for the next assistant message of a conversation through a local SSH forward:
 * the chat completion (with the tools, so they reach the chat template and SGLang's parsers run, as in
 * a rollout) gives the server's own parse, and the request log gives the raw text behind it.
 */
export async function completeOnServer(
  policy: PolicyServer,
  request: ReplayRequest,
  opts: CompletionOptions = {},
): Promise<PolicyCompletion> {
  const { target, record } = policy;
  const where = `${record.host}:${record.port} on ${target.label}`;
  let forward: PortForward;
  try {
    forward = await target.forwardPort(record.host, record.port);
  } catch (e) {
    throw new PolicyServerError(
      'forward',
      `Cannot forward a local port to ${where}: ${(e as Error).message}`,
    );
  }
  try {
    const baseUrl = `http://${forward.host}:${forward.port}`;
    const health = await healthStatus(baseUrl);
    if (health === undefined)
      throw new PolicyServerError(
        'not-ready',
        `Nothing answers on ${where}: the server has stopped, or has not bound its port yet (it does so after loading the weights).`,
      );
    if (health !== 200)
      throw new PolicyServerError(
        'not-ready',
        `The server on ${where} is not ready: GET /health answered ${health}${health === 503 ? ' (still warming up, or shutting down)' : ''}.`,
      );
    opts.signal?.throwIfAborted();
    const logPath = `${policy.dir}/${SERVER_FILES.console}`;
    const logOffset = (await target.stat(logPath).catch(() => undefined))?.size ?? 0;
    const rid = `rollout-studio-replay-${randomUUID()}`;
    const started = Date.now();
    const response = await chat(baseUrl, policy, request, rid, opts, where);
    const elapsedMs = Date.now() - started;
    const parsed = readChatCompletion(response);
    const logged = await readFinishedRequest(target, logPath, logOffset, rid, {
      waitMs: LOG_WAIT_MS,
      ...(opts.signal ? { signal: opts.signal } : {}),
    }).catch((e: unknown) => {
      if (opts.signal?.aborted) throw e;
      return undefined;
    });
    const raw = logged
      ? { raw: logged.text, rawSource: 'request-log' as const, rawNote: null }
      : parsed.tokenText !== null
        ? {
            raw: parsed.tokenText,
            rawSource: 'logprobs' as const,
            rawNote: `The request log has no record of this request (the server does not log requests at level 3 in JSON), so the raw text was joined from the response's tokens${parsed.tokenText.includes('\uFFFD') ? '; a character split across tokens shows as \uFFFD' : ''}.`,
          }
        : {
            raw: null,
            rawSource: null,
            rawNote:
              'The server kept no raw text: its request log has no record of this request and the response carries no token logprobs.',
          };
    const server = request.toolsInPrompt
      ? await parseOnServer(
          baseUrl,
          raw.raw ?? parsed.server.content ?? '',
          request.tools,
          await serverParsers(baseUrl, record),
          parsed.server.finishReason,
          {
            ...(policy.apiKey ? { apiKey: policy.apiKey } : {}),
            ...(opts.signal ? { signal: opts.signal } : {}),
          },
        )
      : parsed.server;
    return { rid, ...raw, server, usage: parsed.usage, elapsedMs };
  } catch (e) {
    if (opts.signal?.aborted) throw new PolicyServerError('cancelled', 'The replay was cancelled.');
    throw e;
  } finally {
    await forward.close().catch(() => undefined);
  }
}

async function chat(
  baseUrl: string,
  server: PolicyServer,
  request: ReplayRequest,
  rid: string,
  opts: CompletionOptions,
  where: string,
): Promise<unknown> {
  const client = new OpenAI({
    baseURL: `${baseUrl}/v1`,
    // The package insists on a key; SGLang ignores the header unless it was started with --api-key.
    apiKey: server.apiKey ?? 'no-key',
    maxRetries: 0,
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  // SGLang's extra body keys (entrypoints/openai/protocol.py ChatCompletionRequest): `rid` names the
  // request in the request log; `separate_reasoning` is the default, stated so the parse is the one a
  // rollout got. tool_choice "auto" keeps the tools in the chat template ("none" would drop them). With
  // the tools already in the system prompt nothing is parsed here: reasoning stays in content too.
  const sendTools = request.tools.length > 0 && !request.toolsInPrompt;
  const body = {
    model: server.model ?? server.record.modelPath,
    messages: request.messages,
    ...(sendTools ? { tools: request.tools, tool_choice: 'auto' } : {}),
    max_tokens: opts.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
    logprobs: true,
    rid,
    separate_reasoning: !request.toolsInPrompt,
    stream: false,
  };
  try {
    return await client.chat.completions.create(
      body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
      opts.signal ? { signal: opts.signal } : {},
    );
  } catch (e) {
    if (e instanceof APIUserAbortError) throw new PolicyServerError('cancelled', 'The replay was cancelled.');
    if (e instanceof APIConnectionTimeoutError)
      throw new PolicyServerError(
        'timeout',
        `The server on ${where} did not answer within ${Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s.`,
      );
    if (e instanceof APIConnectionError)
      throw new PolicyServerError('not-ready', `The connection to ${where} failed: ${e.message}`);
    if (e instanceof APIError && e.status !== undefined) {
      const excerpt = bodyExcerpt(e.error, e.message);
      if (e.status === 401)
        throw new PolicyServerError(
          'auth',
          `The server on ${where} wants an API key (it was started with --api-key): ${excerpt}`,
        );
      throw new PolicyServerError('http', `POST /v1/chat/completions answered ${e.status}: ${excerpt}`);
    }
    throw e;
  }
}

/** The parsers the server runs with: /policyinfo, else what its launch asked for. */
async function serverParsers(
  baseUrl: string,
  record: ServerRecord,
): Promise<{ toolCallParser: string | null; reasoningParser: string | null }> {
  const info = await fetchServerInfo(baseUrl).catch(() => undefined);
  if (info) return info;
  const asked = (flag: string) => {
    const i = record.argv.indexOf(flag);
    return i >= 0 ? (record.argv[i + 1] ?? null) : null;
  };
  return { toolCallParser: asked('--tool-call-parser'), reasoningParser: asked('--reasoning-parser') };
}
