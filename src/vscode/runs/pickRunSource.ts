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
    { label: 'Presets', kind: vscode.QuickPickItemKind.Separator, pick: async () => undefined },
    ...PRESETS.map((p) => ({
      label: p.label,
      detail: p.description,
      pick: async () => ({ spec: structuredClone(p.spec), origin: `preset ${p.id}`, notes: [] }),
    })),
    { label: 'Files', kind: vscode.QuickPickItemKind.Separator, pick: async () => undefined },
    ...specFiles.map((uri) => ({
      label: `$(json) ${vscode.workspace.asRelativePath(uri)}`,
      description: 'run spec',
      pick: () => readSpecFile(uri),
    })),
    {
      label: '$(folder-opened) Open a run spec file…',
      pick: async () => {
        const [uri] = (await vscode.window.showOpenDialog({ filters: { 'Run spec': ['json'] } })) ?? [];
        return uri && readSpecFile(uri);
      },
    },
    {
      label: '$(terminal-bash) Import a slime launch script…',
      description: 'bash arrays, source scripts/models/*.sh, ray job submit',
      pick: importScript,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Start GRPO Run: what to run',
    placeHolder: 'A preset, a run spec file, or a launch script to import',
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
    void vscode.window.showErrorMessage(`Cannot read ${uri.fsPath}: ${(e as Error).message}`);
    return undefined;
  }
}

async function importScript(): Promise<RunSource | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ filters: { 'Launch script': ['sh', 'bash'] } })) ?? [];
  if (!uri) return undefined;
  const text = await readFile(uri.fsPath, 'utf8');
  const imported = importLaunchScript(text, uri.fsPath, {
    readSourced: (path) => readNear(dirname(uri.fsPath), path),
  });
  return {
    spec: imported.spec,
    origin: vscode.workspace.asRelativePath(uri),
    notes: imported.problems.map(
      (p) => `${p.file === undefined ? '' : `${p.file} `}line ${p.line}: ${p.message}`,
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
