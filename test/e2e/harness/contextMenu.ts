import type { Locator, Page } from 'playwright-core';

/**
 * Runs a tree row's context-menu item until `done` holds: a Locator that shows, or a check that turns
 * true. A menu that opens while the tree still repaints can swallow the first click, so the gesture is
 * repeated, as a person would.
 */
export async function fromContextMenu(
  page: Page,
  row: Locator,
  item: string,
  done: Locator | (() => Promise<boolean>),
): Promise<void> {
  const holds = typeof done === 'function' ? done : () => done.isVisible();
  const menu = page.locator('.context-view .monaco-menu');
  for (let attempt = 0; attempt < 3 && !(await holds()); attempt++) {
    // A menu still open from a swallowed try covers the tree and takes the next click: close it first.
    if (await menu.isVisible()) {
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    await row.click({ button: 'right' });
    const entry = page.locator('.monaco-menu .action-menu-item', { hasText: item });
    await entry.waitFor();
    await entry.hover();
    await entry.click();
    if (await holdsWithin(holds, 5_000)) return;
  }
  if (!(await holdsWithin(holds, 10_000))) throw new Error(`"${item}" did not take effect`);
}

async function holdsWithin(holds: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await holds()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return holds();
}
