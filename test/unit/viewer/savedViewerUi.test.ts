import { expect, test } from 'vitest';
import { DEFAULT_VIEWER_QUERY } from '../../../src/shared/protocol';
import type { ViewerUiState } from '../../../src/shared/protocol';
import { savedViewerUi } from '../../../src/shared/savedViewerUi';

const saved: ViewerUiState = {
  runKey: 'gpu-box:/home/u/.rollout-studio/runs/grpo-1',
  query: DEFAULT_VIEWER_QUERY,
  tab: 'overview',
  selected: { step: 3, evaluation: false, group: 1, index: 2 },
  compareWith: null,
  raw: false,
};

test('a state saved by this version comes back as it was', () => {
  expect(savedViewerUi(structuredClone(saved))).toEqual(saved);
});

test('a state saved before the run key had its name keeps its run, selection and tab', () => {
  const { runKey, ...rest } = saved;
  expect(savedViewerUi({ ...rest, runDir: runKey })).toEqual(saved);
  expect(savedViewerUi({ ...rest, runDir: null })).toEqual({ ...saved, runKey: null });
});

test('anything else is not a viewer state', () => {
  for (const s of [undefined, null, 'x', 3, { tab: 'samples' }]) expect(savedViewerUi(s)).toBeUndefined();
});
