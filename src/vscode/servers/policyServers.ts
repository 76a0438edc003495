import * as vscode from 'vscode';
import type { ReplayRequest } from '../../core/replay/replayRequest';
import { completeOnServer } from '../../remote/servers/policyClient';
import type { PolicyCompletion, PolicyServer } from '../../remote/servers/policyClient';
import { PolicyServerError } from '../../remote/servers/policyError';
import type { ServerInfo } from '../../remote/servers/serverInfo';
import type { BoxSession } from '../boxes/boxSession';
import type { ServersTree } from './serversTree';

export interface PickedServer {
  /** "<name> on <box> :<port>", for the viewer. */
  label: string;
  server: PolicyServer;
  info: ServerInfo | undefined;
  /** Where its API key lives in SecretStorage. */
  secretKey: string;
}

/**
 * The policy servers of the Servers view as the viewer's replay uses them: pick one that is ready, and
 * complete a conversation on it with the API key from SecretStorage (asked for once when the server
 * refuses without one, then kept there, never in settings or logs).
 */
export class PolicyServers {
  constructor(
    private readonly tree: ServersTree,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  /** The SGLang release a ready server on the box reports (/server_info), for reading that box's runs. */
  sglangVersionOn(box: BoxSession): string | undefined {
    return this.tree.ready().find((e) => e.box === box && e.snapshot.info?.version)?.snapshot.info?.version;
  }

  /** A ready policy server (a quick pick when there are several); 'none' when none is ready. */
  async pick(): Promise<PickedServer | 'none' | undefined> {
    const ready = this.tree.ready().filter((e) => e.watch.record.role === 'policy');
    if (ready.length === 0) {
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'No policy server is ready to replay on. Start an SGLang server for the policy, then replay the turn again.',
          ),
          vscode.l10n.t('Start SGLang Server'),
        )
        .then((choice) => choice && vscode.commands.executeCommand('rolloutStudio.startSglangServer'));
      return 'none';
    }
    const items = ready.map((e) => {
      const r = e.watch.record;
      const target = e.box.target;
      return {
        label: r.name,
        description: vscode.l10n.t('{0} · port {1}', e.box.label, r.port),
        detail: `${e.snapshot.info?.modelPath ?? r.modelPath} · ${e.snapshot.info?.toolCallParser ?? vscode.l10n.t('no tool parser')} + ${e.snapshot.info?.reasoningParser ?? vscode.l10n.t('no reasoning')}`,
        pickedServer:
          target === undefined
            ? undefined
            : {
                label: vscode.l10n.t('{0} on {1} :{2}', r.name, e.box.label, r.port),
                server: {
                  target,
                  dir: e.watch.dir,
                  record: r,
                  model: e.snapshot.info?.servedModelName ?? r.modelPath,
                },
                info: e.snapshot.info,
                secretKey: `rolloutStudio.serverApiKey/${e.box.alias}/${r.id}`,
              },
      };
    });
    const usable = items.filter((i) => i.pickedServer !== undefined);
    if (usable.length === 1) return usable[0]!.pickedServer;
    const choice = await vscode.window.showQuickPick(usable, {
      title: vscode.l10n.t('Replay on policy server'),
      placeHolder: vscode.l10n.t('The policy server to send the conversation to'),
    });
    return choice?.pickedServer;
  }

  async complete(
    picked: PickedServer,
    request: ReplayRequest,
    signal: AbortSignal,
  ): Promise<PolicyCompletion> {
    const apiKey = await this.secrets.get(picked.secretKey);
    const server = apiKey ? { ...picked.server, apiKey } : picked.server;
    try {
      return await completeOnServer(server, request, { signal });
    } catch (e) {
      if (!(e instanceof PolicyServerError) || e.kind !== 'auth') throw e;
      const key = await vscode.window.showInputBox({
        title: vscode.l10n.t('API key of {0}', picked.label),
        prompt: apiKey
          ? vscode.l10n.t(
              'The stored key was refused. The value the server was started with (--api-key); kept in secret storage.',
            )
          : vscode.l10n.t('The value the server was started with (--api-key); kept in secret storage.'),
        password: true,
        ignoreFocusOut: true,
      });
      if (!key) throw e;
      const answer = await completeOnServer({ ...picked.server, apiKey: key }, request, { signal });
      await this.secrets.store(picked.secretKey, key);
      return answer;
    }
  }
}
