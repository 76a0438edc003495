import * as vscode from 'vscode';
import type { MirrorMode, RunMirrorMode } from '../../remote/runMirror';
import type { RunNode } from '../runsTree';

const CHOSEN = 'rolloutStudio.mirrorModes';

/**
 * What of each run is copied to this machine: the rolloutStudio.runs.mirror setting for every run, unless
 * the run's own choice (its context menu) says otherwise; the choice is kept per box and run directory.
 */
export class MirrorModes {
  private script: Promise<string> | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  private key(box: string, runDir: string): string {
    return `${box}:${runDir}`;
  }

  modeOf(box: string, runDir: string): MirrorMode {
    const chosen = this.context.globalState.get<Record<string, MirrorMode>>(CHOSEN, {})[
      this.key(box, runDir)
    ];
    return chosen ?? vscode.workspace.getConfiguration('rolloutStudio').get<MirrorMode>('runs.mirror', 'all');
  }

  async choose(box: string, runDir: string, mode: MirrorMode): Promise<void> {
    const all = { ...this.context.globalState.get<Record<string, MirrorMode>>(CHOSEN, {}) };
    all[this.key(box, runDir)] = mode;
    await this.context.globalState.update(CHOSEN, all);
  }

  /** How RunMirror opens the run: heads only needs the indexing script, run on the box. */
  async openMode(box: string, runDir: string): Promise<RunMirrorMode | undefined> {
    const mode = this.modeOf(box, runDir);
    if (mode === 'none') return undefined;
    if (mode === 'all') return { kind: 'all' };
    this.script ??= Promise.resolve(
      vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(this.context.extensionUri, 'media', 'rollout_heads.py'),
      ),
    ).then((bytes) => new TextDecoder().decode(bytes));
    const script = await this.script;
    return { kind: 'heads', script };
  }
}

/** "Copy of This Run…": every record, or heads only with bodies read from the box when opened. */
export function registerMirrorModeCommand(context: vscode.ExtensionContext, modes: MirrorModes): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.chooseRunMirror', async (node?: RunNode) => {
      if (node?.kind !== 'run') return;
      const now = modes.modeOf(node.box.alias, node.run.dir);
      const picked = await vscode.window.showQuickPick(
        [
          {
            label: vscode.l10n.t('Every record'),
            mode: 'all' as const,
            description: now === 'all' ? vscode.l10n.t('(now)') : undefined,
            detail: vscode.l10n.t(
              'Mirror the whole rollouts.jsonl here: searches and diagnostics cover every sample.',
            ),
          },
          {
            label: vscode.l10n.t('Heads only'),
            mode: 'heads' as const,
            description: now === 'heads' ? vscode.l10n.t('(now)') : undefined,
            detail: vscode.l10n.t(
              "For runs too big to copy: the box indexes each record's head (with its python3); a sample's body is read from the box when it is opened.",
            ),
          },
          {
            label: vscode.l10n.t('Nothing'),
            mode: 'none' as const,
            description: now === 'none' ? vscode.l10n.t('(now)') : undefined,
            detail: vscode.l10n.t(
              'List the run without its samples; nothing is read from its rollouts.jsonl.',
            ),
          },
        ],
        { title: vscode.l10n.t('What to copy of {0}', node.run.record.name) },
      );
      if (!picked || picked.mode === now) return;
      await modes.choose(node.box.alias, node.run.dir, picked.mode);
      await node.box.mirrors?.reopen(node.run.dir);
    }),
  );
}
