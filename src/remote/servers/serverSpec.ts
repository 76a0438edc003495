import * as z from 'zod';
import { GUARDED_ENV, reservedEnvProblem } from '../../core/runspec/reservedEnv';

// What "Start SGLang Server" asks for (issue 6, "SGLang servers"; reference/sglang.md 1). Flags not
// listed here go in `args`, like a run spec's flags.

export const ServerSpecSchema = z.object({
  name: z.string().min(1).max(80).describe('What the server is called in the Servers view.'),
  role: z.enum(['policy', 'user-simulator']).default('policy'),
  modelPath: z.string().min(1).describe('HF id or a checkpoint directory on the box (--model-path).'),
  host: z.string().min(1).default('127.0.0.1').describe('--host; loopback suits an SSH forward.'),
  port: z.number().int().min(1).max(65535).default(30000),
  tpSize: z.number().int().min(1).default(1).describe('--tp-size: GPUs per server.'),
  memFractionStatic: z.number().gt(0).lt(1).optional().describe('--mem-fraction-static; absent = auto.'),
  toolCallParser: z.string().min(1).optional().describe('--tool-call-parser, e.g. qwen25 for Qwen3.'),
  reasoningParser: z.string().min(1).optional().describe('--reasoning-parser, e.g. qwen3.'),
  /** Request logging at level 3 in JSON keeps the raw, unparsed completion of every request. */
  logRequests: z.boolean().default(true),
  /** --enable-metrics: /metrics then reports running and queued requests, KV-cache use and throughput. */
  enableMetrics: z.boolean().default(true),
  python: z.string().min(1).default('python3'),
  args: z
    .record(z.string().regex(/^--[A-Za-z0-9][A-Za-z0-9_-]*$/), z.union([z.boolean(), z.string(), z.number()]))
    .default({}),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
    .default({})
    // The server script's own variables (RS_*) and bash's are refused (reservedEnv.ts); PATH and
    // LD_PRELOAD stay allowed, since a server spec has no allowEnv.
    .superRefine((env, ctx) => {
      for (const name of Object.keys(env)) {
        const problem = reservedEnvProblem(name, GUARDED_ENV);
        if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
      }
    }),
  serversRoot: z.string().optional().describe('Defaults to ~/.rollout-studio/servers.'),
});
export type ServerSpecInput = z.input<typeof ServerSpecSchema>;
export type ServerSpec = z.output<typeof ServerSpecSchema>;

export const DEFAULT_SERVERS_ROOT = '~/.rollout-studio/servers';

/**
 * The server's command. `python -m sglang.launch_server` rather than `sglang serve`: it works on every
 * release slime pins (the `serve` CLI arrived in 0.5.5) and takes the same flags.
 */
export function serverArgv(spec: ServerSpec): string[] {
  const argv = [spec.python, '-m', 'sglang.launch_server', '--model-path', spec.modelPath];
  argv.push('--host', spec.host, '--port', String(spec.port), '--tp-size', String(spec.tpSize));
  if (spec.memFractionStatic !== undefined)
    argv.push('--mem-fraction-static', String(spec.memFractionStatic));
  if (spec.toolCallParser) argv.push('--tool-call-parser', spec.toolCallParser);
  if (spec.reasoningParser) argv.push('--reasoning-parser', spec.reasoningParser);
  if (spec.logRequests)
    argv.push('--log-requests', '--log-requests-level', '3', '--log-requests-format', 'json');
  if (spec.enableMetrics) argv.push('--enable-metrics');
  for (const [flag, value] of Object.entries(spec.args)) {
    if (value === false) continue;
    argv.push(flag);
    if (value !== true) argv.push(String(value));
  }
  return argv;
}
