import { withCancellableProgress } from './cancellableProgress';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { flagValue } from '../core/tokens/trainDumpPaths';
import { parseTrainTokens } from '../core/tokens/trainTokens';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { Target } from '../remote/target';
import { TRAIN_TOKENS_DIR } from '../remote/trainTokensLoader';

/**
 * "Open Debug Train Data…": --save-debug-train-data files on this machine (copied from a box, or of an
 * opened rollout dump) converted here and put beside the run they belong to, as train_tokens/<step>.json,
 * where the viewer's token view finds them.
 */
export async function openTrainData(
  run: DiscoveredRun,
  target: Target,
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<number | undefined> {
  const dumps = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectMany: true,
    openLabel: vscode.l10n.t('Convert'),
    title: vscode.l10n.t("Train data dump(s) of one rollout of {0} (every rank's file)", run.record.name),
    filters: { [vscode.l10n.t('Train data dumps')]: ['pt', 'json'], [vscode.l10n.t('All files')]: ['*'] },
  });
  if (!dumps?.length) return undefined;
  const tokenizer = await chooseTokenizer(run, dumps[0]!.fsPath);
  if (tokenizer === null) return undefined;
  const python = vscode.workspace.getConfiguration('rolloutStudio').get<string>('python', 'python3');
  const converter = vscode.Uri.joinPath(extensionUri, 'media', 'convert_debug_train.py').fsPath;
  const args = [converter, ...dumps.map((d) => d.fsPath), ...(tokenizer ? ['--tokenizer', tokenizer] : [])];
  try {
    // The converter says nothing until it is done, so there is no percentage; Cancel ends its process.
    const text = await withCancellableProgress(
      vscode.l10n.t('Converting {0}', basename(dumps[0]!.fsPath)),
      ({ signal }) =>
        new Promise<string>((resolve, reject) =>
          execFile(python, args, { maxBuffer: 1 << 30, signal }, (error, stdout, stderr) =>
            error
              ? reject(
                  signal.aborted
                    ? error
                    : new Error(
                        vscode.l10n.t(
                          '{0} could not convert the dump: {1}. Set rolloutStudio.python to a Python with torch.',
                          python,
                          stderr.trim() || error.message,
                        ),
                      ),
                )
              : resolve(stdout),
          ),
        ),
    );
    if (text === undefined) return undefined;
    const file = parseTrainTokens(text, basename(dumps[0]!.fsPath));
    if (file.rolloutId === null)
      throw new Error(vscode.l10n.t('the dump has no rollout_id, so the step it belongs to is unknown'));
    await target.writeFile(`${run.dir}/${TRAIN_TOKENS_DIR}/${file.rolloutId}.json`, text);
    for (const p of file.problems) log.warn(`train dump: ${p}`);
    const note = file.tokenizer.note ? ` ${file.tokenizer.note}.` : '';
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Train data of step {0}: {1} samples, {2} problems.{3} Select a sample of that step and press Tokens.',
        file.rolloutId,
        file.samples.length,
        file.problems.length,
        note,
      ),
    );
    return file.rolloutId;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Rollout Studio: {0}', (e as Error).message));
    return undefined;
  }
}

/** The run's --hf-checkpoint when it is on this machine, else what the user picks; '' for none, null to stop. */
async function chooseTokenizer(run: DiscoveredRun, dump: string): Promise<string | null> {
  const checkpoint = flagValue(run.record.argv, '--hf-checkpoint');
  if (checkpoint && (await fs.stat(checkpoint).catch(() => undefined))) return checkpoint;
  const choice = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Choose tokenizer.json or a checkpoint folder…'), pick: true },
      { label: vscode.l10n.t('No tokenizer'), detail: vscode.l10n.t('Tokens are shown as ids'), pick: false },
    ],
    {
      placeHolder: vscode.l10n.t(
        "The run's tokenizer ({0}) is not on this machine",
        checkpoint ?? vscode.l10n.t('no --hf-checkpoint'),
      ),
    },
  );
  if (!choice) return null;
  if (!choice.pick) return '';
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    defaultUri: vscode.Uri.file(dirname(dump)),
    openLabel: vscode.l10n.t('Use Tokenizer'),
  });
  return picked?.[0]?.fsPath ?? null;
}
