import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { loadSource, SourceError } from '../core/importers/loadSource';
import { RUN_FILES } from '../core/run/runFiles';
import type { RunRecord, RunState } from '../core/run/runFiles';
import { profileAnalyzer } from '../core/trajectory/profileAnalyzer';
import { toTapRecords } from '../core/trajectory/toTapRecords';
import { profileFromSettings } from './toolcall/settings';
import { requireTrust } from './trust';

/**
 * "Open Rollout File": reads a local file of any format the importers know (the tap's records, slime
 * .pt dumps, tau2-bench results, tau2 recipe samples, episode logs, chat JSONL), converts it to tap
 * records and lays it out as a finished run under `folder`, where the explorer and viewer pick it up.
 */
export async function openRolloutFile(
  folder: string,
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Open Rollouts',
    title: 'Rollouts, tau2 results, slime dumps, Relax rollout_result or a chat dataset',
    filters: { 'Rollouts and results': ['jsonl', 'json', 'pt'], 'All files': ['*'] },
  });
  const path = picked?.[0]?.fsPath;
  if (!path) return false;
  // A .pt dump is a pickle (loading it runs what it was made to run); a folder may hold such dumps.
  const mayHoldDumps =
    path.endsWith('.pt') || (await vscode.workspace.fs.stat(picked[0]!)).type === vscode.FileType.Directory;
  if (mayHoldDumps && !(await requireTrust('Reading .pt dumps'))) return false;
  const python = vscode.workspace.getConfiguration('rolloutStudio').get<string>('python', 'python3');
  const converter = vscode.Uri.joinPath(extensionUri, 'media', 'convert_debug_rollout.py').fsPath;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading ${basename(path)}` },
    async () => {
      try {
        return await loadSource(
          path,
          'auto',
          {
            readFile: (p) => fs.readFile(p, 'utf8'),
            listDir: (p) => fs.readdir(p),
            convertDump: (p) =>
              new Promise<string>((resolve, reject) =>
                execFile(python, [converter, p], { maxBuffer: 1 << 30 }, (error, stdout, stderr) =>
                  error
                    ? reject(
                        new SourceError(
                          `${p}: ${python} could not convert the dump: ${stderr.trim() || error.message}. Set rolloutStudio.python to a Python with torch.`,
                        ),
                      )
                    : resolve(stdout),
                ),
              ),
          },
          { analyzer: profileAnalyzer(profileFromSettings(log)) },
        );
      } catch (e) {
        void vscode.window.showErrorMessage(`Rollout Studio: ${(e as Error).message}`);
        return undefined;
      }
    },
  );
  if (!result) return false;
  if (result.samples.length === 0) {
    const why = result.problems[0]
      ? ` First problem: ${result.problems[0].path}: ${result.problems[0].message}`
      : '';
    void vscode.window.showErrorMessage(
      `Rollout Studio: no samples found in ${basename(path)} (read as ${result.format}).${why}`,
    );
    return false;
  }
  for (const p of result.problems) log.warn(`${p.file}:${p.line ?? 1}: ${p.path}: ${p.message}`);
  const id = `${basename(path).replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}`;
  const dir = join(folder, id);
  // A file opened again replaces its earlier copy; its old local mirror follows the new inode.
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const now = new Date().toISOString();
  const record: RunRecord = {
    id,
    name: basename(path),
    createdAt: now,
    toolVersion: __ROLLOUT_STUDIO_VERSION__,
    argv: [],
    envNames: [],
    importedFrom: { path, format: result.format },
  };
  const state: RunState = { state: 'exited', startedAt: now, endedAt: now };
  const records = toTapRecords(result.samples, result.steps).map((r) => `${JSON.stringify(r)}\n`);
  await fs.writeFile(join(dir, RUN_FILES.record), JSON.stringify(record, null, 2));
  await fs.writeFile(join(dir, RUN_FILES.state), JSON.stringify(state, null, 2));
  await fs.writeFile(join(dir, RUN_FILES.rollouts), records.join(''));
  const skipped =
    result.problems.length > 0 ? ` ${result.problems.length} problems (see Rollout Studio log).` : '';
  const choice = await vscode.window.showInformationMessage(
    `Opened ${basename(path)} (${result.format}): ${result.samples.length} samples in ${result.steps.length} steps.${skipped}`,
    ...(result.problems.length > 0 ? ['Show Log'] : []),
  );
  if (choice === 'Show Log') log.show();
  return true;
}
