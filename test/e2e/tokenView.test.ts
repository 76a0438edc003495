import * as esbuild from 'esbuild';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import type { TokenView } from '../../src/shared/protocol';

// The token view's component in real Chromium with the production CSS: a long response is drawn line by
// line as it scrolls into view, and every drawn token still says which token it is.

const root = join(import.meta.dirname, '..', '..');
const TOKENS = 32_000;

function view(): TokenView {
  // Eleven tokens a line; token i's text names it, so the test can tell which token is drawn where.
  const pieces = Array.from({ length: TOKENS }, (_, i) => (i % 11 === 10 ? `t${i}\n` : `t${i} `));
  return {
    ok: true,
    joinedBy: 'sample_index 0',
    path: '/run/train.jsonl',
    sources: ['test'],
    tokenizer: { source: null, note: null },
    problems: [],
    maxAbs: 1,
    sample: {
      rolloutPosition: 0,
      sampleIndex: 0,
      promptLength: 10,
      ids: Array.from({ length: TOKENS }, (_, i) => 1000 + i),
      pieces,
      lossMask: Array.from({ length: TOKENS }, (_, i) => (i % 3 === 0 ? 0 : 1)),
      advantages: Array.from({ length: TOKENS }, () => 0.5),
      logProbs: Array.from({ length: TOKENS }, () => -2),
    },
  };
}

describe('the token view in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const js = await esbuild.build({
      stdin: {
        contents: `import ${JSON.stringify(join(root, 'webview/viewer/tokenView.ts'))};`,
        loader: 'ts',
        resolveDir: root,
      },
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
    });
    const css = await esbuild.build({
      entryPoints: [join(root, 'webview/viewer/style.css')],
      bundle: true,
      write: false,
      loader: { '.ttf': 'empty' },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent(
      `<style>${css.outputFiles[0]!.text}</style><div id="pane" style="display:flex;flex-direction:column;width:700px;height:600px"></div>`,
    );
    await page.addScriptTag({ content: js.outputFiles[0]!.text });
    await page.evaluate((v) => {
      const el = document.createElement('rs-tokens') as HTMLElement & Record<string, unknown>;
      el.client = { request: () => Promise.resolve(v) };
      el.runKey = '/run';
      el.key = { step: 0, evaluation: false, group: 0, index: 0 };
      document.getElementById('pane')!.append(el);
    }, view());
    await page.locator('.token-text .tok').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The drawn tokens whose tooltip (written on hover) names a different token than their text. */
  async function misnamed(sample: number[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const n of sample) {
      const tok = page.locator('.token-text .tok').nth(n);
      await tok.hover();
      const text = ((await tok.textContent()) ?? '').trim();
      const title = (await tok.getAttribute('title')) ?? '';
      const index = /^token (\d+)/.exec(title)?.[1];
      if (`t${index}` !== text.replace('↵', '')) wrong.push(`${text} has "${title.split('\n')[0]}"`);
    }
    return wrong;
  }

  it('draws only the lines near the view of a 32k-token response, in order', async () => {
    const drawn = await page.locator('.token-text .tok').allTextContents();
    expect(drawn.length).toBeGreaterThan(100);
    expect(drawn.length).toBeLessThan(3_000);
    expect(drawn.slice(0, 3).map((t) => t.trim())).toEqual(['t0', 't1', 't2']);
    expect(await misnamed([0, 5, 40])).toEqual([]);
  });

  it('draws the last tokens at the bottom and names them right', async () => {
    await page.locator('.token-text').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = page.locator('.token-text .tok', { hasText: `t${TOKENS - 1}` });
    await last.waitFor();
    expect(await last.isVisible()).toBe(true);
    expect(await page.locator('.token-text .tok').count()).toBeLessThan(3_000);
    // The lines drawn there sit one under the other with no gap or overlap.
    // (Once measured: a line first sits where its estimated height puts it.)
    const gaps = () =>
      page.locator('.token-text .tok-line').evaluateAll((lines) => {
        const boxes = lines.map((l) => l.getBoundingClientRect()).sort((a, b) => a.top - b.top);
        return boxes.slice(1).filter((b, i) => Math.abs(b.top - boxes[i]!.bottom) > 0.5).length;
      });
    await expect.poll(gaps).toBe(0);
    const count = await page.locator('.token-text .tok').count();
    expect(await misnamed([count - 1, count - 12])).toEqual([]);
  });

  it('colours by log-prob where it is scrolled to', async () => {
    await page.getByRole('button', { name: 'Log-prob' }).click();
    const last = page.locator('.token-text .tok', { hasText: `t${TOKENS - 1}` });
    await expect.poll(() => last.getAttribute('class')).toMatch(/\blp-\d/);
    expect(await last.isVisible()).toBe(true);
    expect(await page.locator('.token-text .tok[class*="adv-"]').count()).toBe(0);
  });
});
