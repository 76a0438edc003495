import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { writeTable } from '../../core/export/table';
import type { ExportFormat } from '../../core/export/table';
import type { SampleRow } from '../../shared/protocol';
import { sampleRowsTable } from '../../core/viewer/exportRows';

const FORMATS: { label: string; detail: string; format: ExportFormat; ext: string; filter: string }[] = [
  { label: 'CSV', detail: 'Spreadsheets, pandas.read_csv', format: 'csv', ext: 'csv', filter: 'CSV' },
  {
    label: 'JSON Lines',
    detail: 'One object per sample',
    format: 'jsonl',
    ext: 'jsonl',
    filter: 'JSON Lines',
  },
  {
    label: 'Parquet',
    detail: 'Typed columns for pandas, polars, DuckDB',
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
  const open = 'Open';
  const choice = await vscode.window.showInformationMessage(`Exported ${what} to ${uri.fsPath}.`, open);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
}

/** Asks for a format and a file, and writes the rows there. */
export async function exportRows(
  rows: readonly SampleRow[],
  runName: string,
): Promise<vscode.Uri | undefined> {
  const what = `${rows.length.toLocaleString('en-US')} sample${rows.length === 1 ? '' : 's'}`;
  const picked = await vscode.window.showQuickPick(FORMATS, {
    title: `Export ${what}`,
    placeHolder: 'Format',
  });
  if (!picked) return undefined;
  const uri = await askFile(
    `${fileStem(runName)}-samples.${picked.ext}`,
    { [picked.filter]: [picked.ext] },
    `Export ${what} as ${picked.label}`,
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
    'Export the trajectory as Markdown',
  );
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  void saved(uri, 'the trajectory');
  return uri;
}
