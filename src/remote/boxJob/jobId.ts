import { randomBytes } from 'node:crypto';

/**
 * A job's id (a run's, a server's): sortable by time, readable, unique, and made only of characters that
 * need no quoting, so it can appear in paths, Ray submission ids and state.json as it is.
 */
export function newJobId(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'run';
  return `${stamp}-${slug}-${randomBytes(3).toString('hex')}`;
}

export const JOB_ID_PATTERN = /^[a-z0-9][a-z0-9.-]{0,80}$/;
