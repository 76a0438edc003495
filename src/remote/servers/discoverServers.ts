import { resolveTargetPath } from '../target';
import type { Target } from '../target';
import { SERVER_FILES, SERVER_JOB, ServerRecordSchema } from '../../core/servers/serverFiles';
import type { ServerRecord, ServerState } from '../../core/servers/serverFiles';
import { readJobState } from '../boxJob/jobState';

export interface DiscoveredServer {
  dir: string;
  record: ServerRecord;
  /** undefined until the launch script has written state.json. */
  state: ServerState | undefined;
}

/**
 * Every server directory under root that this tool launched, newest first: after a restart or a
 * reconnect the Servers view comes back from here. Unreadable directories are skipped.
 */
export async function discoverServers(target: Target, rootSetting: string): Promise<DiscoveredServer[]> {
  const root = await resolveTargetPath(target, rootSetting);
  if (!(await target.stat(root))?.isDirectory) return [];
  const entries = (await target.readDir(root)).filter((e) => e.isDirectory);
  const found = await Promise.all(
    entries.map(async (e) => {
      const dir = `${root}/${e.name}`;
      try {
        return {
          dir,
          record: await readServerRecord(target, dir),
          state: await readJobState(target, dir, SERVER_JOB),
        };
      } catch {
        return undefined;
      }
    }),
  );
  return found
    .filter((s): s is DiscoveredServer => s !== undefined)
    .sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
}

export async function readServerRecord(target: Target, dir: string): Promise<ServerRecord> {
  const text = (await target.readFile(`${dir}/${SERVER_FILES.record}`)).toString('utf8');
  return ServerRecordSchema.parse(JSON.parse(text));
}
