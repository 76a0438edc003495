import { expect, it } from 'vitest';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { runProfile } from '../../../src/core/toolcall/runProfile';

it("reads a box's run like its installed release, a pinned setting over it, and local files like the default, saying which", () => {
  const box = runProfile(parseProfile({}), { version: '0.5.15.post1', box: 'gpu-box' });
  expect(box.profile.sglang).toBe('0.5.15.post1');
  expect(box.said).toBe('qwen25 / qwen3 · SGLang 0.5.15.post1, installed on gpu-box');

  const pinned = runProfile(parseProfile({ sglang: '0.5.9' }), { version: '0.5.15.post1', box: 'gpu-box' });
  expect(pinned.profile.sglang).toBe('0.5.9');
  expect(pinned.said).toBe('qwen25 / qwen3 · SGLang 0.5.9, from rolloutStudio.toolCalls.sglangVersion');

  const local = runProfile(parseProfile({}), undefined);
  expect(local.profile.sglang).toBeUndefined();
  expect(local.said).toBe('qwen25 / qwen3 · SGLang 0.5.23, the default for local files');

  const unknown = runProfile(parseProfile({ forceReasoning: true }), { version: null, box: 'gpu-box' });
  expect(unknown.said).toBe(
    'qwen25 / qwen3 · force_reasoning on · SGLang 0.5.23, the default: the SGLang release on gpu-box is not known',
  );
  // The store's counts are re-made exactly when the key changes.
  expect(box.key).not.toBe(local.key);
  expect(runProfile(parseProfile({ sglang: '0.5.23' }), undefined).key).toBe(local.key);
});
