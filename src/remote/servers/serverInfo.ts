import * as z from 'zod';

// GET /server_info returns every ServerArgs field (reference/sglang.md 3): the parsers the server
// really runs with, which may differ from what was asked (a `--config` yaml, an alias, `auto`).
const ServerInfoSchema = z.looseObject({
  model_path: z.string().optional(),
  served_model_name: z.string().nullable().optional(),
  tool_call_parser: z.string().nullable().optional(),
  reasoning_parser: z.string().nullable().optional(),
  tp_size: z.number().optional(),
  context_length: z.number().nullable().optional(),
  version: z.string().optional(),
});

export interface ServerInfo {
  modelPath: string | undefined;
  servedModelName: string | undefined;
  /** null when the server runs without one. */
  toolCallParser: string | null;
  reasoningParser: string | null;
  tpSize: number | undefined;
  contextLength: number | undefined;
  version: string | undefined;
}

/** Reads /server_info (or the pre-0.5.6 /get_server_info) from a base URL such as a forward's. */
export async function fetchServerInfo(baseUrl: string, timeoutMs = 10_000): Promise<ServerInfo> {
  let response = await fetch(`${baseUrl}/server_info`, { signal: AbortSignal.timeout(timeoutMs) });
  if (response.status === 404)
    response = await fetch(`${baseUrl}/get_server_info`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`/server_info answered ${response.status}`);
  const info = ServerInfoSchema.parse(await response.json());
  return {
    modelPath: info.model_path,
    servedModelName: info.served_model_name ?? undefined,
    toolCallParser: info.tool_call_parser ?? null,
    reasoningParser: info.reasoning_parser ?? null,
    tpSize: info.tp_size,
    contextLength: info.context_length ?? undefined,
    version: info.version,
  };
}

/** GET /health: 200 once warmup passed, 503 while starting; undefined when nothing answers yet. */
export async function healthStatus(baseUrl: string, timeoutMs = 5_000): Promise<number | undefined> {
  try {
    const r = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return undefined;
  }
}
