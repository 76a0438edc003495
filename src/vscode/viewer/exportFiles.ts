import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { writeTable } from '../../core/export/table';
import type { ExportFormat } from '../../core/export/table';
import type { SampleRow, SavedViews } from '../../shared/protocol';
import { sampleKeyString } from '../../shared/protocol';
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

async function announce(uri: vscode.Uri, what: string): Promise<void> {
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
  void announce(uri, what);
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
  void announce(uri, vscode.l10n.t('the trajectory'));
  return uri;
}

/**
 * Asks for a format and a file, and writes the run's saved views and pins there: JSON holds both; a table
 * format holds the pinned samples' rows (the viewer's columns, the note last), read when it is picked.
 */
export async function exportSavedViews(
  saved: SavedViews,
  /** The pinned samples' rows; undefined when reading them was cancelled. */
  pinnedRows: () => Promise<SampleRow[] | undefined>,
  runName: string,
): Promise<vscode.Uri | undefined> {
  const views =
    saved.views.length === 1
      ? vscode.l10n.t('1 saved view')
      : vscode.l10n.t('{0} saved views', saved.views.length);
  const pins =
    saved.pins.length === 1
      ? vscode.l10n.t('1 pinned sample')
      : vscode.l10n.t('{0} pinned samples', saved.pins.length);
  const json = {
    label: vscode.l10n.t('Saved views and pins as JSON'),
    detail: vscode.l10n.t('The {0} and the {1} with their notes', views, pins),
    table: undefined,
  };
  const tables = FORMATS.map((f) => ({
    label: vscode.l10n.t('Pinned samples as {0}', f.label),
    detail: `${pins}: ${f.detail}`,
    table: f,
  }));
  const picked = await vscode.window.showQuickPick([json, ...tables], {
    title: vscode.l10n.t('Export {0} and {1}', views, pins),
    placeHolder: vscode.l10n.t('Format'),
  });
  if (!picked) return undefined;
  const { table } = picked;
  const what = table ? pins : vscode.l10n.t('{0} and {1}', views, pins);
  const uri = await askFile(
    table ? `${fileStem(runName)}-pinned.${table.ext}` : `${fileStem(runName)}-saved-views.json`,
    table ? { [table.filter]: [table.ext] } : { JSON: ['json'] },
    vscode.l10n.t('Export {0}', what),
  );
  if (!uri) return undefined;
  const rows = table ? await pinnedRows() : [];
  if (!rows) return undefined;
  const bytes = table
    ? writeTable(sampleRowsTable(rows), table.format)
    : new TextEncoder().encode(
        `${JSON.stringify(
          {
            run: runName,
            views: saved.views,
            pins: saved.pins.map((p) => ({ sample: sampleKeyString(p.key), ...p })),
          },
          null,
          2,
        )}\n`,
      );
  await vscode.workspace.fs.writeFile(uri, bytes);
  void announce(uri, what);
  return uri;
}
