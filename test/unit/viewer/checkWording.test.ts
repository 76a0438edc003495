import { expect, test } from 'vitest';
import { checkLabel, checkTitle } from '../../../webview/viewer/checkWording';

test('a communicate check says what the agent had to tell the user, and how tau2 decides it', () => {
  const c = { kind: 'communicate' as const, label: '272.33', met: false, gates: true };
  // Shown bare, "communicate 272.33" read like a score.
  expect(checkLabel(c)).toBe('tell the user “272.33”');
  expect(checkTitle(c)).toBe(
    'tau2 communicate check: met when an assistant message contains “272.33” (case-insensitive, commas removed) · not met · counts toward the reward',
  );
  const action = { kind: 'action' as const, label: 'cancel({"id":"o1"})', met: true, gates: false };
  expect(checkLabel(action)).toBe('cancel({"id":"o1"})');
  expect(checkTitle(action)).toContain('met · not in reward_basis');
});
