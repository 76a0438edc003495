import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { loadSource, SourceError } from '../core/importers/loadSource';
import type { ImportResult } from '../core/importers/importResult';
import { writeImportedRun } from '../core/run/writeImportedRun';
import { profileAnalyzer } from '../core/trajectory/profileAnalyzer';
import { toTapRecords } from '../core/trajectory/toTapRecords';
import { profileFromSettings } from './toolcall/settings';
import { withCancellableProgress } from './cancellableProgress';
import { requireTrust } from './trust';

/** slime's .pt dump as tap records, by the bundled converter under the configured Python; an abort kills it. */
function convertDump(python: string, converter: string, path: string, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) =>
    execFile(python, [converter, path], { maxBuffer: 1 << 30, signal }, (error, stdout, stderr) => {
      if (signal.aborted) return reject(signal.reason as Error);
      if (error)
        return reject(
          new SourceError(
            vscode.l10n.t(
              '{0}: {1} could not convert the dump: {2}. Set rolloutStudio.python to a Python with torch.',
              path,
              python,
              stderr.trim() || error.message,
            ),
          ),
        );
      resolve(stdout);
    }),
  );
}

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
    openLabel: vscode.l10n.t('Open Rollouts'),
    title: vscode.l10n.t('Rollouts, tau2 results, slime dumps, Relax rollout_result or a chat dataset'),
    filters: {
      [vscode.l10n.t('Rollouts and results')]: ['jsonl', 'json', 'pt'],
      [vscode.l10n.t('All files')]: ['*'],
    },
  });
  const path = picked?.[0]?.fsPath;
  if (!path) return false;
  // A .pt dump is a pickle (loading it runs what it was made to run); a folder may hold such dumps.
  const mayHoldDumps =
    path.endsWith('.pt') || (await vscode.workspace.fs.stat(picked[0]!)).type === vscode.FileType.Directory;
  if (mayHoldDumps && !(await requireTrust(vscode.l10n.t('Reading .pt dumps')))) return false;
  const python = vscode.workspace.getConfiguration('rolloutStudio').get<string>('python', 'python3');
  const converter = vscode.Uri.joinPath(extensionUri, 'media', 'convert_debug_rollout.py').fsPath;
  const id = `${basename(path).replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}`;
  const dir = join(folder, id);
  let failure: string | undefined;
  const result = await withCancellableProgress(
    vscode.l10n.t('Opening {0}', basename(path)),
    async (control, say) => {
      say(vscode.l10n.t('reading…'));
      let read: ImportResult;
      try {
        read = await loadSource(
          path,
          'auto',
          {
            readFile: (p) => fs.readFile(p, 'utf8'),
            listDir: (p) => fs.readdir(p),
            convertDump: (p) => convertDump(python, converter, p, control.signal),
          },
          { analyzer: profileAnalyzer(profileFromSettings(log)) },
        );
      } catch (e) {
        if (control.signal.aborted) throw e;
        failure = (e as Error).message;
        return undefined;
      }
      control.signal.throwIfAborted();
      if (read.samples.length === 0) {
        const why = read.problems[0]
          ? vscode.l10n.t(' First problem: {0}: {1}', read.problems[0].path, read.problems[0].message)
          : '';
        failure = vscode.l10n.t(
          'no samples found in {0} (read as {1}).{2}',
          basename(path),
          read.format,
          why,
        );
        return undefined;
      }
      say(vscode.l10n.t('writing…'));
      const now = new Date().toISOString();
      // A file opened again replaces its earlier copy (once the new one is complete); its old local
      // mirror follows the new inode.
      await writeImportedRun(
        dir,
        `${folder}.partial`,
        {
          record: {
            id,
            name: basename(path),
            createdAt: now,
            toolVersion: __ROLLOUT_STUDIO_VERSION__,
            argv: [],
            envNames: [],
            importedFrom: { path, format: read.format },
          },
          state: { state: 'exited', startedAt: now, endedAt: now },
          lines: toTapRecords(read.samples, read.steps).map((r) => `${JSON.stringify(r)}\n`),
        },
        control,
      );
      return read;
    },
  );
  if (failure !== undefined)
    void vscode.window.showErrorMessage(vscode.l10n.t('Rollout Studio: {0}', failure));
  if (!result) {
    if (failure === undefined)
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Opening {0} was cancelled; nothing was kept.', basename(path)),
      );
    return false;
  }
  for (const p of result.problems) log.warn(`${p.file}:${p.line ?? 1}: ${p.path}: ${p.message}`);
  const skipped =
    result.problems.length > 0
      ? vscode.l10n.t(' {0} problems (see Rollout Studio log).', result.problems.length)
      : '';
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Opened {0} ({1}): {2} samples in {3} steps.{4}',
      basename(path),
      result.format,
      result.samples.length,
      result.steps.length,
      skipped,
    ),
    ...(result.problems.length > 0 ? [showLog] : []),
  );
  if (choice === showLog) log.show();
  return true;
}
