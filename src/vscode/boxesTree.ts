import * as vscode from 'vscode';
import { thisMachineDescription } from './boxes/remoteSsh';
import type { BoxFindings } from '../remote/boxProbe';
import type { BoxSession } from './boxes/boxSession';
import { Disposable } from './disposable';

type Node =
  { kind: 'box'; box: BoxSession } | { kind: 'finding'; label: string; detail: string; icon: string };

const STATE_ICON: Record<BoxSession['state'], vscode.ThemeIcon> = {
  connecting: new vscode.ThemeIcon('loading~spin'),
  reconnecting: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  ready: new vscode.ThemeIcon('vm-active', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

const GiB = 1024 ** 3;

function gpuSummary(f: BoxFindings): string {
  if (f.gpus.length === 0) return vscode.l10n.t('no GPU');
  const names = [...new Set(f.gpus.map((g) => g.name))].join(', ');
  return `${f.gpus.length}× ${names}`;
}

function findingNodes(f: BoxFindings): Node[] {
  const pkgs = Object.entries(f.packages)
    .map(([name, v]) => `${name} ${v ?? '—'}`)
    .join(' · ');
  return [
    {
      kind: 'finding',
      label: vscode.l10n.t('GPUs'),
      detail:
        f.gpus.length > 0
          ? f.gpus
              .map((g) =>
                vscode.l10n.t(
                  '{0} {1}/{2} GiB {3}%',
                  g.name,
                  Math.round(g.memoryUsedMiB / 1024),
                  Math.round(g.memoryTotalMiB / 1024),
                  g.utilizationPercent,
                ),
              )
              .join('; ')
          : (f.gpuProblem ?? vscode.l10n.t('none')),
      icon: 'circuit-board',
    },
    {
      kind: 'finding',
      label: vscode.l10n.t('Python'),
      detail: f.python ? `${f.python.version} (${f.python.executable})` : vscode.l10n.t('no python3 on PATH'),
      icon: 'symbol-namespace',
    },
    { kind: 'finding', label: vscode.l10n.t('Packages'), detail: pkgs, icon: 'package' },
    {
      kind: 'finding',
      label: vscode.l10n.t('Runs directory'),
      detail: f.runsDir
        ? vscode.l10n.t('{0} GiB free at {1}', (f.runsDir.freeBytes / GiB).toFixed(1), f.runsDir.path)
        : vscode.l10n.t('unknown'),
      icon: 'folder',
    },
  ];
}

/** The boxes of this window with their connection state and what the doctor found on them. */
export class BoxesTree extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly boxes: () => readonly BoxSession[]) {
    super();
  }

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.boxes().map((box) => ({ kind: 'box', box }));
    if (node.kind === 'box' && node.box.findings) return findingNodes(node.box.findings);
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'finding') {
      const item = new vscode.TreeItem(node.label);
      item.description = node.detail;
      item.tooltip = `${node.label}: ${node.detail}`;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
    const { box } = node;
    const item = new vscode.TreeItem(
      box.label,
      box.findings ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `box:${box.alias}`;
    item.iconPath = STATE_ICON[box.state];
    const runs = box.discovery?.runs.length ?? 0;
    item.description =
      box.state === 'failed'
        ? vscode.l10n.t('not connected')
        : box.state !== 'ready'
          ? box.state
          : [
              runs === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', runs),
              box.findings ? gpuSummary(box.findings) : undefined,
            ]
              .filter(Boolean)
              .join(' · ');
    item.tooltip = box.error
      ? `${box.label}: ${box.error.message}`
      : box.isLocal
        ? vscode.l10n.t('This machine: {0}', thisMachineDescription())
        : `ssh ${box.alias}`;
    item.contextValue = `box.${box.isLocal ? 'local' : 'ssh'}.${box.state}`;
    return item;
  }
}
