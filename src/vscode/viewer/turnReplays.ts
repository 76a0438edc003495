import * as vscode from 'vscode';
import { replayRequest } from '../../core/replay/replayRequest';
import type { ReplayRequest } from '../../core/replay/replayRequest';
import { parseDifferences } from '../../core/replay/serverParse';
import { serverProfile } from '../../core/replay/serverProfile';
import { analyzeTurn } from '../../core/toolcall/analyzeTurn';
import type { Profile } from '../../core/toolcall/types';
import type { PolicyCompletion } from '../../remote/servers/policyClient';
import { PolicyServerError } from '../../remote/servers/policyError';
import type { HostToViewer, ReplayState, SampleDetail } from '../../shared/protocol';
import type { PickedServer } from '../servers/policyServers';
import { requireTrust } from '../trust';

/** What a replay needs from the Servers view. */
export interface ReplayServers {
  pick(): Promise<PickedServer | 'none' | undefined>;
  complete(picked: PickedServer, request: ReplayRequest, signal: AbortSignal): Promise<PolicyCompletion>;
}

/**
 * The replays one viewer panel has under way: each sends the conversation before an assistant turn to a
 * ready policy server, reads the new raw completion with our emulation under the server's parsers, and
 * tells the webview each step (running, done, failed, cancelled, no server).
 */
export class TurnReplays {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly servers: ReplayServers,
    private readonly profile: () => Profile,
    private readonly post: (m: HostToViewer) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async start(replayId: number, turn: number, detail: () => Promise<SampleDetail>): Promise<void> {
    const tell = (state: ReplayState) => this.post({ type: 'replay', replayId, state });
    if (!(await requireTrust(vscode.l10n.t('Replaying a turn on a server'))))
      return tell({ phase: 'cancelled' });
    const controller = new AbortController();
    this.running.set(replayId, controller);
    try {
      tell({ phase: 'running', server: null });
      const d = await detail();
      const request = replayRequest(d.sample.turns, turn, d.sample.tools);
      const picked = await this.servers.pick();
      if (picked === 'none') return tell({ phase: 'no-server' });
      if (picked === undefined || controller.signal.aborted) return tell({ phase: 'cancelled' });
      tell({ phase: 'running', server: picked.label });
      const done = await this.servers.complete(picked, request, controller.signal);
      const { profile, note } = serverProfile(picked.info, this.profile());
      const analysis =
        done.raw === null
          ? null
          : analyzeTurn(done.raw, {
              profile,
              ...(request.toolSpecs ? { tools: request.toolSpecs } : {}),
              finishReason: done.server.finishReason === 'length' ? 'length' : 'stop',
            });
      this.log.info(
        `replayed turn ${turn} of ${d.key.step}/${d.key.group}/${d.key.index} on ${picked.label}: request ${done.rid}, ${done.elapsedMs} ms`,
      );
      tell({
        phase: 'done',
        result: {
          server: picked.label,
          raw: done.raw,
          rawSource: done.rawSource,
          rawNote: done.rawNote,
          analysis,
          profileNote: note,
          serverParse: done.server,
          differences: analysis ? parseDifferences(analysis.verdict, done.server) : [],
          usage: done.usage,
          elapsedMs: done.elapsedMs,
        },
      });
    } catch (e) {
      if ((e instanceof PolicyServerError && e.kind === 'cancelled') || controller.signal.aborted)
        return tell({ phase: 'cancelled' });
      this.log.warn(`replay of turn ${turn}: ${(e as Error).message}`);
      tell({ phase: 'failed', message: (e as Error).message });
    } finally {
      this.running.delete(replayId);
    }
  }

  cancel(replayId: number): void {
    this.running.get(replayId)?.abort();
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
  }
}
