import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

/**
 * Clicks `target` until `shown` is visible. A table repaints as rows arrive or a filter applies, and a
 * click on a row being replaced is lost; a person clicks again, and so does this.
 */
export async function clickUntil(target: Locator, shown: Locator, timeout = 30_000): Promise<void> {
  await expect
    .poll(
      async () => {
        await target.click({ timeout: 5_000 }).catch(() => undefined);
        return shown.waitFor({ timeout: 3_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
}
