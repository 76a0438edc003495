import type { ViewerUiState } from './protocol';

/**
 * A viewer state saved by an earlier version (the panel serializer's and the webview's own `setState`),
 * read as the current shape, or undefined when it is not a viewer state. States saved before the run
 * key had its name carry it as `runDir`; without this, a reload after an update would forget the run.
 */
export function savedViewerUi(state: unknown): ViewerUiState | undefined {
  if (!state || typeof state !== 'object' || !('query' in state)) return undefined;
  if ('runKey' in state) return state as ViewerUiState;
  const { runDir, ...rest } = state as Omit<ViewerUiState, 'runKey'> & { runDir?: string | null };
  return { ...rest, runKey: runDir ?? null };
}
