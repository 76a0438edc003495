import { newJobId } from './jobId';

/** What a job's launch.sh and record are built from. */
export interface JobInput<S> {
  spec: S;
  id: string;
  /** ISO time the job was created; goes into its record. */
  createdAt: string;
  toolVersion: string;
}

/**
 * The fields every job's record begins with (JobRecordSchema): which job, what made it and when, and the
 * resolved argv of what it runs. Runs and servers add their own after these.
 */
export function jobRecord<S extends { name: string }>(input: JobInput<S>, argv: string[]) {
  return {
    id: input.id,
    name: input.spec.name,
    createdAt: input.createdAt,
    toolVersion: input.toolVersion,
    argv,
  };
}

/** A job made ready for review: its id is fixed and the script shown to the user is the one that runs. */
export interface PreparedJob<S> {
  input: JobInput<S>;
  script: string;
}

/** `id` is given when something the job runs with must name its directory before the script is built. */
export function prepareJob<S extends { name: string }>(
  spec: S,
  toolVersion: string,
  buildScript: (input: JobInput<S>) => string,
  now = new Date(),
  id = newJobId(spec.name, now),
): PreparedJob<S> {
  const input: JobInput<S> = { spec, id, createdAt: now.toISOString(), toolVersion };
  return { input, script: buildScript(input) };
}
