import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { writeTable } from '../../core/export/table';
import type { ExportFormat } from '../../core/export/table';
import type { SampleRow } from '../../shared/protocol';
import { sampleRowsTable } from '../../core/viewer/exportRows';

const FORMATS: { label: string; detail: string; format: ExportFormat; ext: string; filter: string }[] = [
  {
    label: 'CSV',
    detail: vscode.l10n.t('Spreadsheets, pandas.read_csv'),
    format: 'csv',
    ext: 'csv',
    filter: 'CSV',
  },
  {
    label: vscode.l10n.t('JSON Lines'),
    detail: vscode.l10n.t('One object per sample'),
    format: 'jsonl',
    ext: 'jsonl',
    filter: vscode.l10n.t('JSON Lines'),
  },
  {
    label: 'Parquet',
    detail: vscode.l10n.t('Typed columns for pandas, polars, DuckDB'),
    format: 'parquet',
    ext: 'parquet',
    filter: 'Parquet',
  },
];

/** A file name from a run name: letters, digits, dot, dash and underscore only. */
export const fileStem = (name: string) =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'run';

/** Asks where to save, next to the workspace (or in the home folder); undefined when cancelled. */
async function askFile(name: string, filters: Record<string, string[]>, title: string) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  return vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters, title });
}

async function saved(uri: vscode.Uri, what: string): Promise<void> {
  const open = vscode.l10n.t('Open');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Exported {0} to {1}.', what, uri.fsPath),
    open,
  );
  if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
}

/** Asks for a format and a file, and writes the rows there. */
export async function exportRows(
  rows: readonly SampleRow[],
  runName: string,
): Promise<vscode.Uri | undefined> {
  const what =
    rows.length === 1
      ? vscode.l10n.t('1 sample')
      : vscode.l10n.t('{0} samples', rows.length.toLocaleString('en-US'));
  const picked = await vscode.window.showQuickPick(FORMATS, {
    title: vscode.l10n.t('Export {0}', what),
    placeHolder: vscode.l10n.t('Format'),
  });
  if (!picked) return undefined;
  const uri = await askFile(
    `${fileStem(runName)}-samples.${picked.ext}`,
    { [picked.filter]: [picked.ext] },
    vscode.l10n.t('Export {0} as {1}', what, picked.label),
  );
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, writeTable(sampleRowsTable(rows), picked.format));
  void saved(uri, what);
  return uri;
}

/** Asks for a file and writes a trajectory's Markdown there. */
export async function exportMarkdown(markdown: string, stem: string): Promise<vscode.Uri | undefined> {
  const uri = await askFile(
    `${fileStem(stem)}.md`,
    { Markdown: ['md'] },
    vscode.l10n.t('Export the trajectory as Markdown'),
  );
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  void saved(uri, vscode.l10n.t('the trajectory'));
  return uri;
}
