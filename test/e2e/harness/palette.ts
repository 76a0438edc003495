import type { Locator, Page } from 'playwright-core';

/** The text box of whatever quick input is up: the palette, a picker, or an input box. */
export const quickInput = (page: Page): Locator => page.locator('.quick-input-widget input');

/** The first row of the open quick pick that shows `text`. */
export const quickRow = (page: Page, text: string | RegExp): Locator =>
  page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();

/**
 * Answers an input box once the box titled `title` is up: input boxes follow one another in the same
 * widget, and a value typed before the next one shows lands in the previous one.
 */
export async function answer(page: Page, title: string, value: string): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor();
  await quickInput(page).fill(value);
  await page.keyboard.press('Enter');
}
