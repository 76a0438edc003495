import { describe, expect, it } from 'vitest';
import { useViewerPages } from './harness/useViewerPages';
import type { ViewerPage } from './harness/viewerInChromium';

// A model can write any depth of brackets; the viewer must show such turns (as text, with their
// diagnostics) without recursing on them, and a record too deep to read must not take the viewer down.

const DEPTH = 100_000;
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function sample(index: number, messages: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'sample',
    v: 2,
    ts: 1,
    step: 0,
    evaluation: false,
    group: 0,
    index,
    status: 'completed',
    reward: 1,
    messages,
    ...extra,
  });
}

function records(): string {
  const deepTurn = sample(0, [
    { role: 'user', content: 'hi', trainable: false },
    {
      role: 'assistant',
      content: `<tool_call>\n{"name": "f", "arguments": ${'['.repeat(DEPTH)}\n</tool_call>`,
      trainable: true,
    },
    { role: 'tool', content: nested(3000), trainable: false },
    {
      role: 'assistant',
      content: `<tool_call>\n{"name": "f", "arguments": ${nested(DEPTH)}}\n</tool_call>`,
      trainable: true,
    },
    // Within the depth records are read to: shown compact, not indented.
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ name: 'f', arguments: { a: JSON.parse(nested(990)) as unknown } }],
      trainable: true,
    },
  ]);
  const deepRecord = sample(1, [{ role: 'user', content: 'hi', trainable: false }], {
    metadata: { deep: JSON.parse(nested(1500)) as unknown },
  });
  return `${deepTurn}\n${deepRecord}\n`;
}

describe('deeply nested input in the trajectory viewer', () => {
  const open = useViewerPages('deep');
  let v: ViewerPage | undefined;

  it(`shows turns nesting ${DEPTH.toLocaleString('en')} brackets as text with their diagnostics`, async () => {
    v = await open(records(), {
      ui: {
        selected: { step: 0, evaluation: false, group: 0, index: 0 },
      },
    });
    const { page } = v;

    await page.locator('.turn.role-assistant').first().waitFor();
    const toggle = page.locator('.trajectory-head .action.toggle', { hasText: 'Code' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const viewer = page.locator('rs-viewer');
    expect(await viewer.locator('.call-card').count()).toBeGreaterThanOrEqual(2);
    const text = (await viewer.textContent()) ?? '';
    expect(text).toContain('TC002');
    expect(text).toContain('nests more than 1,000 levels');
    // The 3,000-deep tool result stays as written: indented it would be 9 million spaces.
    expect(text.length).toBeLessThan(2_000_000);
    expect(await page.evaluate(() => document.body.innerText.includes(' '.repeat(200)))).toBe(false);
    await page.screenshot({ path: 'test-results/screenshots/viewer-deep.png' });
  });

  it('says a record nested deeper than it reads cannot be opened, and the other samples still open', async () => {
    v = await open(records(), {
      ui: {
        selected: { step: 0, evaluation: false, group: 0, index: 1 },
      },
    });
    const { page } = v;
    const error = page.locator('rs-viewer .empty.error');
    await error.waitFor();
    expect(await error.textContent()).toContain('nests more than 1,000 levels');
    expect(v.store.problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('nests more than 1,000 levels') }),
    ]);
    await page.locator('.table-body .row').first().click();
    await page.locator('.turn.role-assistant').first().waitFor();
  });
});
