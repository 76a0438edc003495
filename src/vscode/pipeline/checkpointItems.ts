import * as vscode from 'vscode';
import { iterDirName } from '../../core/pipeline/checkpoints';
import { specArgs } from '../../core/pipeline/pipelineView';
import type { RunRecord } from '../../core/run/runFiles';
import { listCheckpoints, type SavedIteration } from '../../remote/pipeline/listCheckpoints';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { BoxSession } from '../boxes/boxSession';

// A run's saved iterations as tree rows, in the Runs view and under a pipeline's stages alike; their
// context menu holds the checkpoint actions (export, serve, next stage, evaluate).

export type CheckpointNode = {
  kind: 'checkpoint';
  box: BoxSession;
  run: DiscoveredRun;
  save: string;
  saved: SavedIteration;
};
export type CheckpointNote = { kind: 'checkpointNote'; text: string; tooltip?: string };

/** The run's --save folder, when it saves checkpoints. */
export function saveFolder(record: RunRecord): string | undefined {
  const save = specArgs(record)['--save'];
  return typeof save === 'string' && save !== '' ? save : undefined;
}

export async function checkpointChildren(
  box: BoxSession,
  run: DiscoveredRun,
): Promise<(CheckpointNode | CheckpointNote)[]> {
  const save = saveFolder(run.record);
  const target = box.target;
  if (!save || !target) return [];
  try {
    const listing = await listCheckpoints(target, save);
    const rows: (CheckpointNode | CheckpointNote)[] = listing.iterations.map((saved) => ({
      kind: 'checkpoint',
      box,
      run,
      save: listing.save,
      saved,
    }));
    if (listing.problem) rows.unshift({ kind: 'checkpointNote', text: listing.problem });
    if (rows.length === 0)
      rows.push({
        kind: 'checkpointNote',
        text: vscode.l10n.t('no checkpoint saved yet'),
        tooltip: vscode.l10n.t('{0} has no iter_%07d folder', listing.save),
      });
    return rows;
  } catch (e) {
    return [
      { kind: 'checkpointNote', text: vscode.l10n.t('cannot list {0}: {1}', save, (e as Error).message) },
    ];
  }
}

export function checkpointsFolderItem(record: RunRecord, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Checkpoints'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.description = saveFolder(record);
  item.iconPath = new vscode.ThemeIcon('database');
  item.contextValue = 'checkpoints';
  return item;
}

const size = (bytes: number | undefined) => {
  if (bytes === undefined) return vscode.l10n.t('size unknown');
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
};

export function checkpointItem(node: CheckpointNode, scope: string): vscode.TreeItem {
  const { saved } = node;
  const item = new vscode.TreeItem(iterDirName(saved.iteration));
  item.id = `${scope}#ckpt:${saved.dir}`;
  const time = new Date(saved.mtimeMs).toISOString().replace('T', ' ').slice(0, 16);
  item.description = [
    size(saved.bytes),
    vscode.l10n.t('{0} UTC', time),
    ...(saved.latest ? [vscode.l10n.t('latest')] : []),
  ].join(' · ');
  item.tooltip = [
    vscode.l10n.t('Iteration {0} of {1}', saved.iteration, node.save),
    saved.latest
      ? vscode.l10n.t('Named by latest_checkpointed_iteration.txt: its save completed.')
      : vscode.l10n.t('Not the latest committed save.'),
    saved.dir,
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(saved.latest ? 'pass' : 'save');
  item.contextValue = 'checkpoint';
  return item;
}

export function noteItem(note: CheckpointNote): vscode.TreeItem {
  const item = new vscode.TreeItem(note.text);
  if (note.tooltip) item.tooltip = note.tooltip;
  item.iconPath = new vscode.ThemeIcon('info');
  return item;
}
