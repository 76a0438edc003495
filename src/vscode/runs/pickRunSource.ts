import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { importLaunchScript } from '../../core/runspec/importScript';
import { PRESETS } from '../../core/runspec/presets';
import type { RunSpecInput } from '../../core/runspec/runSpec';

export interface RunSource {
  spec: RunSpecInput;
  /** Where it came from, for titles and the review. */
  origin: string;
  /** What an imported script could not be read into the spec. */
  notes: string[];
}

type Item = vscode.QuickPickItem & { pick: () => Promise<RunSource | undefined> };

/** Preset, run-spec file of the workspace (or any file), or a slime launch script to import. */
export async function pickRunSource(): Promise<RunSource | undefined> {
  const specFiles = await vscode.workspace.findFiles('.rollout-studio/*.json', undefined, 50);
  const items: Item[] = [
    {
      label: vscode.l10n.t('Presets'),
      kind: vscode.QuickPickItemKind.Separator,
      pick: async () => undefined,
    },
    ...PRESETS.map((p) => ({
      label: p.label,
      detail: p.description,
      pick: async () => ({
        spec: structuredClone(p.spec),
        origin: vscode.l10n.t('preset {0}', p.id),
        notes: [],
      }),
    })),
    { label: vscode.l10n.t('Files'), kind: vscode.QuickPickItemKind.Separator, pick: async () => undefined },
    ...specFiles.map((uri) => ({
      label: `$(json) ${vscode.workspace.asRelativePath(uri)}`,
      description: vscode.l10n.t('run spec'),
      pick: () => readSpecFile(uri),
    })),
    {
      label: vscode.l10n.t('$(folder-opened) Open a run spec file…'),
      pick: async () => {
        const [uri] =
          (await vscode.window.showOpenDialog({ filters: { [vscode.l10n.t('Run spec')]: ['json'] } })) ?? [];
        return uri && readSpecFile(uri);
      },
    },
    {
      label: vscode.l10n.t('$(terminal-bash) Import a slime launch script…'),
      description: vscode.l10n.t('bash arrays, source scripts/models/*.sh, ray job submit'),
      pick: importScript,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Start GRPO Run: what to run'),
    placeHolder: vscode.l10n.t('A preset, a run spec file, or a launch script to import'),
    matchOnDetail: true,
  });
  return picked?.pick();
}

async function readSpecFile(uri: vscode.Uri): Promise<RunSource | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return {
      spec: JSON.parse(text) as RunSpecInput,
      origin: vscode.workspace.asRelativePath(uri),
      notes: [],
    };
  } catch (e) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Cannot read {0}: {1}', uri.fsPath, (e as Error).message),
    );
    return undefined;
  }
}

async function importScript(): Promise<RunSource | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({ filters: { [vscode.l10n.t('Launch script')]: ['sh', 'bash'] } })) ??
    [];
  if (!uri) return undefined;
  const text = await readFile(uri.fsPath, 'utf8');
  const imported = importLaunchScript(text, uri.fsPath, {
    readSourced: (path) => readNear(dirname(uri.fsPath), path),
  });
  return {
    spec: imported.spec,
    origin: vscode.workspace.asRelativePath(uri),
    notes: imported.problems.map((p) =>
      p.file === undefined
        ? vscode.l10n.t('line {0}: {1}', p.line, p.message)
        : vscode.l10n.t('{0} line {1}: {2}', p.file, p.line, p.message),
    ),
  };
}

/**
 * slime scripts source model files relative to the repo root they are run from
 * (`source scripts/models/qwen3-4B.sh`), which is often a parent of the script's folder: try the path
 * as resolved, then the same relative path under the script's parents.
 */
function readNear(scriptDir: string, path: string): string | undefined {
  const rel = relative(scriptDir, path);
  for (let dir = scriptDir, i = 0; i < 4; dir = dirname(dir), i++) {
    try {
      return readFileSync(i === 0 ? path : join(dir, rel), 'utf8');
    } catch {
      // Not here; try one folder up.
    }
  }
  return undefined;
}
