import { isLauncher, killTagged } from '../launch/taggedProcesses';
import type { Target } from '../target';
import { readServerRecord, readServerState } from './discoverServers';
import { SERVER_FILES, SERVER_TAG } from './serverFiles';
import type { ServerState } from './serverFiles';

export type ServerStopOutcome =
  | { kind: 'already-exited' }
  | { kind: 'stopped'; state: ServerState }
  | { kind: 'killed'; killed: number[]; state: ServerState };

/**
 * Stops a server this tool started: SIGTERM to its launch script, which stops SGLang and cleans its
 * group; past graceMs (or with the script gone) the processes tagged with this server's id are
 * killed and state.json is written here. Nothing else on the box is touched.
 */
export async function stopServer(
  target: Target,
  dir: string,
  options: { graceMs?: number; pollMs?: number } = {},
): Promise<ServerStopOutcome> {
  const graceMs = options.graceMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const state = await readServerState(target, dir);
  if (!state || state.state === 'exited') return { kind: 'already-exited' };
  const record = await readServerRecord(target, dir);
  const script = `${dir}/${SERVER_FILES.launch}`;
  if (state.pid !== undefined && (await isLauncher(target, state.pid, script))) {
    await target.exec(['kill', '-TERM', String(state.pid)], { timeoutMs: 15_000 });
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, pollMs));
      const now = await readServerState(target, dir);
      if (now?.state === 'exited' && !(await isLauncher(target, state.pid, script)))
        return { kind: 'stopped', state: now };
    }
  }
  const killed = await killTagged(target, SERVER_TAG, record.id);
  const final = (await readServerState(target, dir)) ?? state;
  if (final.state === 'exited') return { kind: 'killed', killed, state: final };
  const written: ServerState = {
    ...final,
    state: 'exited',
    endedAt: new Date().toISOString(),
    exitCode: null,
    stoppedBy: 'rollout-studio',
  };
  const tmp = `${dir}/.state.json.stop`;
  await target.writeFile(tmp, `${JSON.stringify(written)}\n`);
  const mv = await target.exec(['mv', '-f', '--', tmp, `${dir}/${SERVER_FILES.state}`], {
    timeoutMs: 15_000,
  });
  if (mv.code !== 0) throw new Error(`Cannot write ${dir}/state.json: ${mv.stderr.toString().trim()}`);
  return { kind: 'killed', killed, state: written };
}
