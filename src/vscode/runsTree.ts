import * as vscode from 'vscode';
import type { DiscoveredRun, Discovery, DiscoveryProblem } from '../remote/runDiscovery';

type Node =
  | { kind: 'run'; run: DiscoveredRun }
  | { kind: 'problems'; problems: DiscoveryProblem[] }
  | { kind: 'problem'; problem: DiscoveryProblem };

const STATE_ICON: Record<string, vscode.ThemeIcon> = {
  starting: new vscode.ThemeIcon('loading~spin'),
  running: new vscode.ThemeIcon('debug-start', new vscode.ThemeColor('testing.iconPassed')),
  exited: new vscode.ThemeIcon('debug-stop'),
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Runs found on the box, newest first, and what could not be read. */
export class RunsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private discovery: Discovery | undefined;
  private fingerprint = '';

  /** Takes a fresh discovery; the tree repaints only when something a user sees changed. */
  update(discovery: Discovery): void {
    const fingerprint = JSON.stringify([
      discovery.runs.map((r) => [r.dir, r.record.name, r.state?.state, r.state?.exitCode, r.rolloutsBytes]),
      discovery.problems,
    ]);
    this.discovery = discovery;
    if (fingerprint !== this.fingerprint) {
      this.fingerprint = fingerprint;
      this.changed.fire();
    }
  }

  runs(): DiscoveredRun[] {
    return this.discovery?.runs ?? [];
  }

  getChildren(node?: Node): Node[] {
    if (!this.discovery) return [];
    if (!node) {
      const nodes: Node[] = this.discovery.runs.map((run) => ({ kind: 'run', run }));
      if (this.discovery.problems.length > 0)
        nodes.push({ kind: 'problems', problems: this.discovery.problems });
      return nodes;
    }
    if (node.kind === 'problems') return node.problems.map((problem) => ({ kind: 'problem', problem }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'problems') {
      const item = new vscode.TreeItem('Problems while reading', vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon(
        'warning',
        new vscode.ThemeColor('problemsWarningIcon.foreground'),
      );
      item.description = String(node.problems.length);
      return item;
    }
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.problem.path.split('/').slice(-2).join('/'));
      item.description = node.problem.message;
      item.tooltip = `${node.problem.path}\n${node.problem.message}`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
      return item;
    }
    const { run } = node;
    const state = run.state?.state ?? 'starting';
    const item = new vscode.TreeItem(run.record.name);
    item.id = run.dir;
    item.contextValue = `run.${state}`;
    item.iconPath = STATE_ICON[state];
    const exit =
      state === 'exited' && run.state?.exitCode !== undefined ? ` (exit ${run.state.exitCode})` : '';
    item.description = `${state}${exit} · ${formatBytes(run.rolloutsBytes)} of rollouts${run.record.demo ? ' · demo' : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${run.record.name}**${run.record.demo ? ' — demo data' : ''}\n\n`);
    tooltip.appendMarkdown(
      `State: ${state}${exit}  \nStarted: ${run.state?.startedAt ?? run.record.createdAt}  \n`,
    );
    tooltip.appendMarkdown(`Directory: \`${run.dir}\`\n\n`);
    tooltip.appendCodeblock(run.record.argv.join(' '), 'shell');
    item.tooltip = tooltip;
    item.command = {
      command: 'rolloutStudio.openConsoleLog',
      title: 'Open Run Console Log',
      arguments: [node],
    };
    return item;
  }
}

export type RunNode = Extract<Node, { kind: 'run' }>;
