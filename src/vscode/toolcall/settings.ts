import * as vscode from 'vscode';
import { parseProfile } from '../../core/toolcall/profile';
import type { Profile, ToolSpec } from '../../core/toolcall/types';
import { toolsFromJson } from '../../core/toolcall/tools';

const FORCE_REASONING: Record<string, boolean | undefined> = { on: true, off: false, auto: undefined };

const section = () => vscode.workspace.getConfiguration('rolloutStudio.toolCalls');

/** The parser profile from settings; a bad value falls back to the default with a warning. */
export function profileFromSettings(log: vscode.LogOutputChannel): Profile {
  const s = section();
  const input = {
    parser: s.get<string>('parser'),
    reasoningParser: s.get<string>('reasoningParser'),
    policy: s.get<string>('policy'),
    sglang: s.get<string>('sglangVersion'),
    forceReasoning: FORCE_REASONING[s.get<string>('forceReasoning', 'auto')],
  };
  try {
    return parseProfile(input);
  } catch (e) {
    log.warn(`rolloutStudio.toolCalls: ${(e as Error).message} Using the defaults.`);
    return parseProfile({});
  }
}

export function lintPatterns(): string[] {
  return section().get<string[]>('lintFilePatterns', ['**/*.jsonl']);
}

export interface LoadedTools {
  label: string;
  tools: ToolSpec[];
}

/** Reads a tools file (OpenAI function list, bare {name, parameters} list, or tau2 tool_defs). */
export async function loadToolsFile(uri: vscode.Uri): Promise<LoadedTools> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(vscode.l10n.t('{0} is not valid JSON: {1}', uri.fsPath, (e as Error).message), {
      cause: e,
    });
  }
  try {
    return { label: uri.path.split('/').pop() ?? uri.fsPath, tools: toolsFromJson(json) };
  } catch (e) {
    throw new Error(`${uri.fsPath}: ${(e as Error).message}`, { cause: e });
  }
}

/** The tools file named in settings (relative to the first workspace folder), if any. */
export async function toolsFromSettings(): Promise<LoadedTools | undefined> {
  const path = section().get<string>('toolsFile', '').trim();
  if (path === '') return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder, path);
  return loadToolsFile(uri);
}
