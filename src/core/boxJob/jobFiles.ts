import * as z from 'zod';

// A box job is anything this tool starts on a box and must be able to find, follow and stop after a
// restart: a run (and so a pipeline stage or an eval, which are runs), or an SGLang server. Each lives in a
// directory of its own holding these files beside its record (run.json, server.json); docs/architecture.md,
// "Box jobs". Readers accept unknown keys so that a newer script's files still open in an older extension.

export const JOB_FILES = {
  state: 'state.json',
  console: 'console.log',
  launch: 'launch.sh',
} as const;

/** state.json as every job's launch.sh writes it (atomically: temp file + rename). */
export const JobStateSchema = z.looseObject({
  state: z.enum(['starting', 'running', 'exited']),
  /** The launch script's pid; it leads the job's process group when started detached. */
  pid: z.number().int().optional(),
  pgid: z.number().int().optional(),
  startedAt: z.string(),
  endedAt: z.string().nullable().optional(),
  exitCode: z.number().int().nullable().optional(),
  /** Set when Stop had to finish the job itself and wrote state.json in the script's place. */
  stoppedBy: z.string().optional(),
});
export type JobState = z.infer<typeof JobStateSchema>;

/** What every job's record says of it; each kind's record adds its own fields. */
export const JobRecordSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: z.string(),
  toolVersion: z.string(),
  /** The resolved argv of what the job runs; secrets never appear here, only in 0600 files. */
  argv: z.array(z.string()),
});

/** What tells one kind of job from another on the box. */
export interface JobKind<S extends JobState = JobState> {
  /** How the job is called in the script's comments and console lines ("run", "server"). */
  noun: string;
  /** Its record: the JSON file that names it (`id`) and says what it runs. */
  record: string;
  /**
   * The variable every process of the job starts with (value: the job's id). Stop kills only processes
   * carrying it. Jobs already on boxes carry these names, so they never change.
   */
  tag: string;
  state: z.ZodType<S>;
}
