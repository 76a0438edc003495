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
      const name = `${watch.record.name} on ${box.label}`;
      if (s.status === 'ready' && s.info)
        void vscode.window.showInformationMessage(
          `${name} is ready on port ${watch.record.port} (tool-call parser ${s.info.toolCallParser ?? 'none'}, reasoning parser ${s.info.reasoningParser ?? 'none'}).`,
        );
      if (s.status === 'failed') {
        log.warn(`server ${watch.dir} on ${box.alias} failed: ${s.failure ?? ''}`);
        void vscode.window.showErrorMessage(
          `SGLang server ${name} failed: ${s.failure ?? 'see its console.log'}`,
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
  // Servers are looked for while the view shows them; a server once found is watched on its own.
  const ticks = new PausableInterval(5000, () => void tree.refresh());
  context.subscriptions.push(
    view,
    ticks,
    wantWhileVisible(ticks, 'servers view', view, () => void registry.connectSaved()),
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
        detail: 'SIGTERM to its launch script, then only the processes this server started are killed.',
        pick: async () => {
          if (clicked?.kind !== 'server') await registry.connectSaved();
          // The row's key, not the element object: the tree may have repainted between hover and click.
          const node =
            clicked?.kind === 'server'
              ? tree.byKey(clicked.key)
              : (
                  await vscode.window.showQuickPick(
                    tree.live().map((n) => ({
                      label: n.watch.record.name,
                      description: `${n.box.label} · port ${n.watch.record.port}`,
                      n,
                    })),
                    { placeHolder: 'The server to stop' },
                  )
                )?.n;
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
