import * as z from 'zod';

// The files of a server directory on the box, like a run's (docs/architecture.md, "A run on the box"):
// `~/.rollout-studio/servers/<id>/{server.json,launch.sh,console.log,state.json}`.

export const SERVER_FILES = {
  record: 'server.json',
  state: 'state.json',
  console: 'console.log',
  launch: 'launch.sh',
} as const;

/** The variable every process of a server starts with; stop kills only processes carrying it. */
export const SERVER_TAG = 'ROLLOUT_STUDIO_SERVER_ID';

export const ServerStateSchema = z.looseObject({
  state: z.enum(['starting', 'running', 'exited']),
  pid: z.number().int().optional(),
  pgid: z.number().int().optional(),
  startedAt: z.string(),
  endedAt: z.string().nullable().optional(),
  exitCode: z.number().int().nullable().optional(),
  stoppedBy: z.string().optional(),
});
export type ServerState = z.infer<typeof ServerStateSchema>;

export const ServerRecordSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.string(),
  createdAt: z.string(),
  toolVersion: z.string(),
  argv: z.array(z.string()),
  host: z.string(),
  port: z.number().int(),
  modelPath: z.string(),
});
export type ServerRecord = z.infer<typeof ServerRecordSchema>;
