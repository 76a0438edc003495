import * as z from 'zod';
import { JOB_FILES, JobRecordSchema, JobStateSchema } from '../boxJob/jobFiles';
import type { JobKind } from '../boxJob/jobFiles';

// The files of a server directory on the box, a box job like a run (docs/architecture.md, "Box jobs"):
// `~/.rollout-studio/servers/<id>/{server.json,launch.sh,console.log,state.json}`.

export const SERVER_FILES = {
  ...JOB_FILES,
  record: 'server.json',
} as const;

export const ServerStateSchema = JobStateSchema;
export type ServerState = z.infer<typeof ServerStateSchema>;

export const ServerRecordSchema = JobRecordSchema.extend({
  role: z.string(),
  host: z.string(),
  port: z.number().int(),
  modelPath: z.string(),
});
export type ServerRecord = z.infer<typeof ServerRecordSchema>;

export const SERVER_JOB: JobKind<ServerState> = {
  noun: 'server',
  record: SERVER_FILES.record,
  tag: 'ROLLOUT_STUDIO_SERVER_ID',
  state: ServerStateSchema,
};
