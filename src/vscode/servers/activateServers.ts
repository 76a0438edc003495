import * as vscode from 'vscode';
import { readServerRecord } from '../../remote/servers/discoverServers';
import { stopServer } from '../../remote/servers/stopServer';
import type { BoxRegistry } from '../boxes/boxRegistry';
import { PolicyServers } from './policyServers';
import { ServersTree } from './serversTree';
import type { ServerNode } from './serversTree';
import { startSglangServer, type ServerPrefill, type StartServerDeps } from './startServer';
import { whenTrusted } from '../trust';
import { stopBoxJob } from '../stopBoxJob';
import { pickOne } from '../pickOne';
import { PausableInterval } from '../../remote/pausableInterval';
import { wantWhileVisible } from '../wantWhileVisible';

export interface ServersDeps {
  log: vscode.LogOutputChannel;
  registry: BoxRegistry;
  serversRoot: () => string;
}

export interface ServersApi {
  policyServers: PolicyServers;
  /** Start SGLang Server with its box and model path chosen (a checkpoint's export). */
  start: (prefill: ServerPrefill) => Promise<void>;
}

/** The Servers view, Start SGLang Server and Stop Server; returns the policy servers for replays. */
export function activateServers(
  context: vscode.ExtensionContext,
  { log, registry, serversRoot }: ServersDeps,
): ServersApi {
  const tree = new ServersTree(
    () => registry.sessions,
    serversRoot,
    ({ box, watch }, s) => {
      const name = vscode.l10n.t('{0} on {1}', watch.record.name, box.label);
      if (s.status === 'ready' && s.info)
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            '{0} is ready on port {1} (tool-call parser {2}, reasoning parser {3}).',
            name,
            watch.record.port,
            s.info.toolCallParser ?? vscode.l10n.t('none'),
            s.info.reasoningParser ?? vscode.l10n.t('none'),
          ),
        );
      if (s.status === 'failed') {
        log.warn(`server ${watch.dir} on ${box.alias} failed: ${s.failure ?? ''}`);
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'SGLang server {0} failed: {1}',
            name,
            s.failure ?? vscode.l10n.t('see its console.log'),
          ),
        );
      }
    },
  );
  const view = vscode.window.createTreeView('rolloutStudio.servers', { treeDataProvider: tree });
  const startDeps: StartServerDeps = {
    boxes: () => registry.sessions,
    serversRoot,
    log,
    started: (box, launched) => {
      const target = box.target;
      if (!target) return;
      void readServerRecord(target, launched.dir).then(
        (record) => tree.watch(box, { dir: launched.dir, record, state: undefined }),
        (e: Error) => log.warn(`reading ${launched.dir}/server.json: ${e.message}`),
      );
      void vscode.commands.executeCommand('rolloutStudio.servers.focus');
    },
  };
  // Servers are looked for, and their state, health and load polled, while the view shows them; a server
  // starting up is also polled on its own until it is ready or has failed, for the notice that says so.
  const ticks = new PausableInterval(5000, () => void tree.refresh());
  context.subscriptions.push(
    view,
    ticks,
    wantWhileVisible(ticks, 'servers view', view, () => void registry.connectSaved()),
    wantWhileVisible(tree, 'servers view', view),
    tree,
    registry.onDidChange(() => void tree.refresh()),
    vscode.commands.registerCommand(
      'rolloutStudio.startSglangServer',
      whenTrusted(vscode.l10n.t('Starting a server'), async () => {
        await registry.connectSaved();
        return startSglangServer(startDeps);
      }),
    ),
    vscode.commands.registerCommand('rolloutStudio.stopServer', (clicked?: ServerNode) =>
      stopBoxJob({
        noun: 'Server',
        detail: vscode.l10n.t(
          'SIGTERM to its launch script, then only the processes this server started are killed.',
        ),
        pick: async () => {
          if (clicked?.kind !== 'server') await registry.connectSaved();
          // The row's key, not the element object: the tree may have repainted between hover and click.
          const node =
            clicked?.kind === 'server'
              ? tree.byKey(clicked.key)
              : await pickOne(tree.live(), {
                  placeHolder: vscode.l10n.t('The server to stop'),
                  none: vscode.l10n.t('No server is running on the connected boxes.'),
                  item: (n) => ({
                    label: n.watch.record.name,
                    description: vscode.l10n.t('{0} · port {1}', n.box.label, n.watch.record.port),
                  }),
                });
          return node && { box: node.box, dir: node.watch.dir, name: node.watch.record.name };
        },
        stop: stopServer,
        log,
      }),
    ),
  );
  return {
    policyServers: new PolicyServers(tree, context.secrets),
    start: (prefill) => startSglangServer(startDeps, prefill),
  };
}
