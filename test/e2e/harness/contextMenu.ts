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
  for (let attempt = 0; attempt < 3 && !(await holds()); attempt++) {
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
