import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBundle, openViewer } from './harness/viewerInChromium';
import { launchChromium } from '../../scripts/lib/chromium.mjs';

// The figure for docs/reliability.md: XSS payloads in model output, tool arguments, tool results, metadata
// and task ids, rendered by the trajectory viewer in real Chromium, and how many ran. Each payload calls
// __xssHook with its own id if it ever runs; a control page shows that every one of them does run when a
// page parses it as HTML without the viewer's CSP, so a zero below is the viewer's doing, not dead payloads.

const TEMPLATES = [
  `<script>__xssHook('ID')</script>`,
  `<img src=x onerror="__xssHook('ID')">`,
  `"><img src=x onerror=__xssHook('ID')>`,
  `<svg onload="__xssHook('ID')"></svg>`,
  `<svg><animate onbegin="__xssHook('ID')" attributeName=x dur=1s></svg>`,
  `<iframe srcdoc="<script>parent.__xssHook('ID')</script>"></iframe>`,
  `<details open ontoggle="__xssHook('ID')">x</details>`,
  `<video src=x onerror="__xssHook('ID')"></video>`,
  `<link rel=stylesheet href=x onerror="__xssHook('ID')">`,
  `<style onload="__xssHook('ID')"></style>`,
  `<a href="javascript:__xssHook('ID')">click me</a>`,
];
const PLACES = ['model output', 'tool arguments', 'tool results', 'metadata', 'task ids'] as const;
type Place = (typeof PLACES)[number];

const payload = (place: Place, n: number) => TEMPLATES[n]!.replace('ID', `${place.replace(' ', '-')}-${n}`);
const each = (place: Place) => TEMPLATES.map((_, n) => payload(place, n));

/** One sample holding every payload in every place but task ids; one more sample per payload as task id. */
function records(): string {
  const calls = each('tool arguments')
    .map(
      (p) => `<tool_call>\n${JSON.stringify({ name: 'respond', arguments: { content: p } })}\n</tool_call>`,
    )
    .join('\n');
  const base = { kind: 'sample', v: 1, ts: 1, step: 0, evaluation: false, group: 0, status: 'completed' };
  const main = {
    ...base,
    index: 0,
    reward: 1,
    messages: [
      { role: 'user', content: 'hello', trainable: false },
      { role: 'assistant', content: each('model output').join('\n\n'), trainable: true },
      { role: 'assistant', content: calls, trainable: true },
      ...each('tool results').map((p) => ({ role: 'tool', content: p, trainable: false })),
    ],
    metadata: {
      task_id: 'plain-task',
      reward_info: {
        reward: 1,
        reward_basis: ['NL_ASSERTION'],
        nl_assertions: each('metadata').map((p) => ({ nl_assertion: p, met: true, justification: 'ok' })),
      },
    },
  };
  const tasks = each('task ids').map((p, i) => ({
    ...base,
    index: i + 1,
    reward: 0,
    messages: [{ role: 'assistant', content: 'x', trainable: true }],
    metadata: { task_id: p },
  }));
  return [main, ...tasks].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function installHook(): void {
  const w = window as unknown as { __xss: string[]; __xssHook: (id: string) => void };
  w.__xss = [];
  w.__xssHook = (id) => void w.__xss.push(id);
}

const fired = (page: Page) => page.evaluate(() => [...(window as unknown as { __xss: string[] }).__xss]);

describe('XSS payloads in the trajectory viewer', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    closeBundle();
  });

  it('every payload runs when a page parses it as HTML without the CSP (the control)', async () => {
    const page = await browser.newPage();
    try {
      await page.addInitScript(installHook);
      const ids = TEMPLATES.map((_, n) => `control-${n}`);
      const html = `<!DOCTYPE html><html><body>${TEMPLATES.map((t, n) => t.replace('ID', ids[n]!)).join('\n')}</body></html>`;
      await page.route('http://control.test/**', (route) =>
        route.request().url().endsWith('/')
          ? route.fulfill({ contentType: 'text/html', body: html })
          : route.fulfill({ status: 404, body: '' }),
      );
      await page.goto('http://control.test/');
      for (const link of await page.locator('a').all()) await link.click();
      await expect.poll(async () => new Set(await fired(page)).size, { timeout: 5_000 }).toBe(ids.length);
    } finally {
      await page.close();
    }
  });

  it('renders each payload in each place as text, and none runs', async () => {
    const v = await openViewer(browser, records(), {
      ui: { selected: { step: 0, evaluation: false, group: 0, index: 0 } },
      viewport: { width: 1400, height: 2400 },
      initScript: installHook,
    });
    const { page } = v;
    const viewer = page.locator('rs-viewer');
    try {
      await page.locator('.turn.role-assistant').first().waitFor();
      await page.locator('.table-body .row').nth(TEMPLATES.length).waitFor();
      const shown = new Map<string, boolean>();
      // Plain first, then read as Markdown, code and reasoning: each rendering has its own path to the DOM.
      for (const toggle of [undefined, 'Markdown', 'Code', 'Think']) {
        if (toggle !== undefined) {
          const button = page.locator('.trajectory-head .action.toggle', { hasText: toggle });
          await button.click();
          await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
        }
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        for (const task of await page.locator('.task').all()) await task.hover();
        for (const link of await viewer.locator('.md-link').all()) await link.click();
        await page.waitForTimeout(500);
        const text = (await viewer.textContent()) ?? '';
        for (const place of PLACES)
          for (const p of each(place)) {
            // Tool arguments are shown as the JSON they are, with their quotes escaped.
            const literal = text.includes(p) || text.includes(JSON.stringify(p).slice(1, -1));
            shown.set(p, (shown.get(p) ?? true) && literal);
          }
      }
      const executed = await fired(page);
      const elements = await viewer
        .locator('script, img, svg, iframe, details[ontoggle], video, link, style, a')
        .count();
      const missing = [...shown].filter(([, ok]) => !ok).map(([p]) => p);
      writeFigures({
        payloads: TEMPLATES.length,
        places: PLACES,
        rendered: TEMPLATES.length * PLACES.length,
        shownAsText: shown.size - missing.length,
        executed: executed.length,
        elementsFromPayloads: elements,
        browser: browser.version(),
      });
      expect(executed).toEqual([]);
      expect(elements).toBe(0);
      expect(missing).toEqual([]);
      await page.screenshot({ path: 'test-results/screenshots/viewer-xss.png' });
    } finally {
      await v.close();
    }
  });
});

function writeFigures(figures: Record<string, unknown>): void {
  const out = join('test-results', 'reliability');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'viewer-xss.json'), `${JSON.stringify(figures, null, 2)}\n`);
}
