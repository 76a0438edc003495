import * as vscode from 'vscode';
import { describeLoad } from '../../core/infra/sglangLoad';
import { LOAD_FIGURES, describeFigure, loadTable, sparkline } from '../../core/infra/loadHistory';
import { discoverServers } from '../../remote/servers/discoverServers';
import type { DiscoveredServer } from '../../remote/servers/discoverServers';
import { ServerWatch } from '../../remote/servers/serverWatch';
import type { ServerSnapshot, ServerStatus } from '../../remote/servers/serverWatch';
import type { BoxSession } from '../boxes/boxSession';
import { duration } from '../runs/runMonitors';
import { StableRoots } from '../stableRoots';
import { Disposable } from '../disposable';

export type ServerNode =
  | { kind: 'server'; key: string; box: BoxSession; watch: ServerWatch }
  | {
      kind: 'detail';
      key: string;
      label: string;
      value: string;
      /** A longer text than `label: value` (a load figure's table of readings). */
      tooltip?: string;
      /** What a screen reader says instead of the row's text (a load figure's bars in words). */
      spoken?: string;
    };

interface Entry {
  box: BoxSession;
  watch: ServerWatch;
  snapshot: ServerSnapshot;
}

const ICON: Record<ServerStatus, vscode.ThemeIcon> = {
  starting: new vscode.ThemeIcon('loading~spin'),
  'loading-weights': new vscode.ThemeIcon('loading~spin'),
  'allocating-kv-cache': new vscode.ThemeIcon('loading~spin'),
  'warming-up': new vscode.ThemeIcon('loading~spin'),
  ready: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  stopped: new vscode.ThemeIcon('circle-slash'),
  exited: new vscode.ThemeIcon('circle-outline'),
};
/** Readings drawn as bars in a row (the tooltip's table has them all). */
const BARS_SHOWN = 30;

const STATUS_TEXT: Record<ServerStatus, string> = {
  starting: vscode.l10n.t('starting'),
  'loading-weights': vscode.l10n.t('loading weights'),
  'allocating-kv-cache': vscode.l10n.t('allocating KV cache'),
  'warming-up': vscode.l10n.t('warming up'),
  ready: vscode.l10n.t('ready'),
  failed: vscode.l10n.t('failed'),
  stopped: vscode.l10n.t('stopped'),
  exited: vscode.l10n.t('exited'),
};

/**
 * The Servers view: every SGLang server this tool started on a connected box that is still running
 * (rediscovered after a restart), plus those that ended while this window watched them. Each shows
 * its state, model, the parsers it really runs with (/server_info), port and uptime.
 */
export class ServersTree extends Disposable implements vscode.TreeDataProvider<ServerNode> {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = this.register(new vscode.EventEmitter<ServerNode | ServerNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly roots = new StableRoots<ServerNode>();
  private refreshing = false;
  /** Why the servers' state and load are wanted now (the view is visible); a new watch starts with these. */
  private readonly wants = new Set<string>();

  constructor(
    private readonly boxes: () => readonly BoxSession[],
    private readonly serversRoot: () => string,
    private readonly onTransition: (
      entry: { box: BoxSession; watch: ServerWatch },
      s: ServerSnapshot,
    ) => void,
  ) {
    super();
    this.onDispose(() => {
      for (const e of this.entries.values()) void e.watch.dispose();
      this.entries.clear();
    });
  }

  /** Re-reads the servers directory of each connected box and starts watching new servers. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      for (const box of this.boxes()) {
        if (!box.target || box.state !== 'ready') continue;
        const found = await discoverServers(box.target, this.serversRoot()).catch(() => []);
        for (const server of found) if (server.state?.state !== 'exited') this.watch(box, server);
      }
    } finally {
      this.refreshing = false;
    }
    // Uptimes move on even when nothing else changed.
    this.repaint();
  }

  /** Repaints the servers shown, row by row, so an inline Stop clicked meanwhile still finds its row. */
  private repaint(): void {
    this.changed.fire(this.roots.repaint(this.rootRows()));
  }

  private rootRows(): { key: string; node: ServerNode }[] {
    return [...this.entries.entries()]
      .sort(([, a], [, b]) => b.watch.record.createdAt.localeCompare(a.watch.record.createdAt))
      .map(([key, e]) => ({ key, node: { kind: 'server', key, box: e.box, watch: e.watch } }));
  }

  /** The server shown under a row's key now (a row's element may be older than the last repaint). */
  byKey(key: string): Extract<ServerNode, { kind: 'server' }> | undefined {
    const e = this.entries.get(key);
    return e && { kind: 'server', key, box: e.box, watch: e.watch };
  }

  /** Polls every watched server while `reason` wants it (see ServerWatch.want). */
  want(reason: string, wanted: boolean): void {
    if (wanted) this.wants.add(reason);
    else this.wants.delete(reason);
    for (const e of this.entries.values()) e.watch.want(reason, wanted);
  }

  /** Starts watching a server (also called right after launching one, before discovery sees it). */
  watch(box: BoxSession, server: DiscoveredServer): void {
    const key = `${box.alias}:${server.dir}`;
    const target = box.target;
    if (this.entries.has(key) || !target) return;
    const watch = new ServerWatch(target, server.dir, server.record, (snapshot) => {
      const entry = this.entries.get(key);
      if (!entry) return;
      // A new status, or the parsers arriving after the ready line, is worth telling.
      const before = `${entry.snapshot.status}:${entry.snapshot.info !== undefined}`;
      entry.snapshot = snapshot;
      if (before !== `${snapshot.status}:${snapshot.info !== undefined}`) this.onTransition(entry, snapshot);
      this.repaint();
    });
    this.entries.set(key, { box, watch, snapshot: watch.snapshot() });
    watch.start();
    for (const reason of this.wants) watch.want(reason, true);
    this.changed.fire(undefined);
  }

  /** Servers whose launch script has not exited: what Stop Server offers from the palette. */
  live(): Extract<ServerNode, { kind: 'server' }>[] {
    return [...this.entries.entries()]
      .filter(([, e]) => e.snapshot.state?.state !== 'exited')
      .map(([key, e]) => ({ kind: 'server', key, box: e.box, watch: e.watch }));
  }

  /** Servers answering now, with what /server_info said: what a replay can be sent to. */
  ready(): { box: BoxSession; watch: ServerWatch; snapshot: ServerSnapshot }[] {
    return [...this.entries.values()].filter((e) => e.snapshot.status === 'ready');
  }

  getChildren(node?: ServerNode): ServerNode[] {
    if (!node) return this.roots.shownRoots(this.rootRows());
    if (node.kind !== 'server') return [];
    const s = this.entries.get(node.key)?.snapshot;
    if (!s) return [];
    const r = node.watch.record;
    const rows: [string, string][] = [
      // First, because the row above is often too narrow to show its state after the name.
      [vscode.l10n.t('State'), `${STATUS_TEXT[s.status]}${s.failure ? `: ${s.failure}` : ''}`],
      ...(s.load || s.loadProblem
        ? [[vscode.l10n.t('Load'), s.load ? describeLoad(s.load) : s.loadProblem!] as [string, string]]
        : []),
      [vscode.l10n.t('Model'), s.info?.modelPath ?? r.modelPath],
      [
        vscode.l10n.t('Tool-call parser'),
        parser(s.info?.toolCallParser, asked(r.argv, '--tool-call-parser'), s.info !== undefined),
      ],
      [
        vscode.l10n.t('Reasoning parser'),
        parser(s.info?.reasoningParser, asked(r.argv, '--reasoning-parser'), s.info !== undefined),
      ],
      [
        vscode.l10n.t('Port'),
        s.baseUrl
          ? vscode.l10n.t(
              '{0}:{1} on {2} → {3} here',
              r.host,
              r.port,
              node.box.label,
              s.baseUrl.replace('http://', ''),
            )
          : vscode.l10n.t('{0}:{1} on {2}', r.host, r.port, node.box.label),
      ],
      [vscode.l10n.t('Uptime'), uptime(s)],
    ];
    if (s.info?.version) rows.push(['SGLang', s.info.version]);
    rows.push([vscode.l10n.t('Directory'), node.watch.dir]);
    const details: ServerNode[] = rows.map(([label, value]) => ({
      kind: 'detail',
      key: `${node.key}/${label}`,
      label,
      value,
    }));
    // Below the latest load, each figure over the last minute: bars to glance at, the readings as a table
    // in the tooltip, and the bars in words for a screen reader.
    const history = s.loadHistory;
    if (history.length >= 2) {
      const table = loadTable(history);
      const figures = (['genThroughput', 'queued', 'kvCacheUse'] as const).filter((f) =>
        history.some((r) => r.load[f] !== null),
      );
      details.splice(
        2,
        0,
        ...figures.map((f): ServerNode => {
          const { label, text, max } = LOAD_FIGURES[f];
          // The figure first, so a narrow side bar cuts off old bars rather than the value now.
          const values = history.slice(-BARS_SHOWN).map((r) => r.load[f]);
          const latest = values.at(-1);
          return {
            kind: 'detail',
            key: `${node.key}/history/${f}`,
            label: `  ${label}`,
            value: `${latest === null || latest === undefined ? '—' : text(latest)} ${sparkline(values, max)}`,
            tooltip: `${describeFigure(history, f)}\n\n${table}`,
            spoken: describeFigure(history, f),
          };
        }),
      );
    }
    return details;
  }

  getTreeItem(node: ServerNode): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label);
      item.id = node.key;
      item.description = node.value;
      item.tooltip = node.tooltip ?? `${node.label}: ${node.value}`;
      if (node.spoken) item.accessibilityInformation = { label: node.spoken };
      return item;
    }
    const s = this.entries.get(node.key)?.snapshot;
    const status = s?.status ?? 'starting';
    const r = node.watch.record;
    const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.key;
    item.iconPath = ICON[status];
    item.contextValue = `server.${s?.state?.state === 'exited' ? 'exited' : 'live'}`;
    const parsers = s?.info
      ? `${s.info.toolCallParser ?? vscode.l10n.t('no tool parser')} + ${s.info.reasoningParser ?? vscode.l10n.t('no reasoning')}`
      : undefined;
    item.description = [
      STATUS_TEXT[status],
      parsers,
      `:${r.port}`,
      node.box.isLocal ? undefined : node.box.label,
      uptime(s),
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      vscode.l10n.t('{0} ({1}) on {2}', r.name, r.role, node.box.label),
      vscode.l10n.t('State: {0}', `${STATUS_TEXT[status]}${s?.failure ? ` — ${s.failure}` : ''}`),
      vscode.l10n.t('Model: {0}', r.modelPath),
      vscode.l10n.t('Port: {0}:{1}', r.host, r.port),
    ].join('\n');
    return item;
  }
}

function asked(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The parser the server reports; says so when it differs from what was asked for. */
function parser(real: string | null | undefined, requested: string | undefined, known: boolean): string {
  if (!known)
    return vscode.l10n.t(
      '{0} (as launched; the server reports its own once ready)',
      requested ?? vscode.l10n.t('none'),
    );
  const shown = real ?? vscode.l10n.t('none');
  return requested !== undefined && requested !== real
    ? vscode.l10n.t('{0} (launched with {1})', shown, requested)
    : shown;
}

function uptime(s: ServerSnapshot | undefined): string {
  const started = s?.state?.startedAt ? Date.parse(s.state.startedAt) : NaN;
  if (Number.isNaN(started)) return '';
  const end = s?.state?.endedAt ? Date.parse(s.state.endedAt) : Date.now();
  return s?.state?.state === 'exited'
    ? vscode.l10n.t('ran {0}', duration((end - started) / 1000))
    : vscode.l10n.t('up {0}', duration((end - started) / 1000));
}
