import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoRun } from './harness/useDemoRun';
import { useViewerPages } from './harness/useViewerPages';
import { shownLine } from './harness/useWorkbench';
import type { ViewerPage } from './harness/viewerInChromium';
import { SCREENSHOTS } from './harness/workbench';

// The viewer's components in real Chromium over the real host-side data service, no VS Code: the demo
// run (tau2-shaped, with malformed calls) drives the table, the trajectory, compare and the charts.

describe('trajectory viewer components', () => {
  const open = useViewerPages('viewer');
  const demo = useDemoRun(6);
  let v: ViewerPage | undefined;

  it('lists every sample, filters by expression and shows a malformed call with its diagnostic in the card', async () => {
    v = await open(demo().records);
    const { page } = v;
    await expect.poll(() => shownLine(page.locator('.table-status'))).toContain('144 of 144 samples');
    await page.getByLabel('Filter expression').fill('code == TC002');
    const matched = async () =>
      Number(/(\d+) of 144/.exec(await shownLine(page.locator('.table-status')))?.[1]);
    await expect.poll(matched).toBeLessThan(144);
    expect(await matched()).toBeGreaterThan(0);
    await page.locator('.table-body .row').first().click();
    const card = page.locator('.call-card.dropped').first();
    await card.waitFor();
    expect(await card.locator('.pill.bad').textContent()).toContain('dropped by SGLang');
    expect(await card.locator('.diagnostic .code').allTextContents()).toContain('TC002');
    // The range of the diagnostic is highlighted inside the raw block text.
    expect(await card.locator('mark.diag.error').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-malformed-call.png') });
  });

  it("shows the host's translations (vscode.l10n.bundle) in the production bundle, English where none is given", async () => {
    v = await open(demo().records, {
      l10nBundle: {
        Samples: 'Échantillons',
        '{0} of {1} samples': '{0} sur {1} échantillons',
        'Filter expression': 'Expression de filtre',
      },
    });
    const { page } = v;
    await expect.poll(() => shownLine(page.locator('.table-status'))).toContain('144 sur 144 échantillons');
    expect(await shownLine(page.locator('#tab-samples'))).toContain('Échantillons');
    // The translated aria-label is what assistive technology (and getByLabel) finds.
    await page.getByLabel('Expression de filtre').fill('code == TC002');
    await expect
      .poll(async () => Number(/(\d+) sur 144/.exec(await shownLine(page.locator('.table-status')))?.[1]))
      .toBeLessThan(144);
    // A message the bundle leaves out stays English.
    expect(await shownLine(page.locator('#tab-overview'))).toContain('Overview');
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-translated.png') });
  });

  it('colours reward, advantage, length and diagnostics dots on the run-wide scale', async () => {
    v = await open(demo().records, {
      ui: {
        query: { filter: '', search: '', sort: { column: 'reward', descending: true } },
      },
    });
    const { page } = v;
    const top = page.locator('.table-body .row:not(.loading)').first();
    await top.waitFor();
    // Raw rewards in the demo run span 0 … 1: the best row's reward dot is at the green end.
    expect(await top.locator('.reward .dot').getAttribute('class')).toContain('scale-10');
    const cells = page.locator('.table-body .row:not(.loading) [role="gridcell"] .dot');
    const classes = await cells.evaluateAll((els) => els.map((e) => e.className));
    expect(classes.some((c) => /diverging-\d+/.test(c))).toBe(true);
    expect(classes.some((c) => /length-\d/.test(c))).toBe(true);
    await page.getByLabel('Filter expression').fill('errors > 0');
    await page.locator('.table-body .row.has-errors .dot.diag-error').first().waitFor();
    await page.getByLabel('Filter expression').fill('reward == 0');
    await expect
      .poll(() => page.locator('.table-body .row:not(.loading) .reward .dot').first().getAttribute('class'))
      .toContain('scale-0');
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-metric-dots.png') });
  });

  it('badges rollouts that never reached the trainer and counts them per step', async () => {
    v = await open(demo().records, {
      ui: {
        query: { filter: 'discarded != null', search: '', sort: { column: 'step', descending: false } },
      },
    });
    const { page } = v;
    const rows = page.locator('.table-body .row:not(.loading)');
    await rows.first().waitFor();
    const badges = await rows.locator('.discard-badge').allTextContents();
    expect(badges.length).toBe(await rows.count());
    // Step 2 of the demo over-samples: its leftover group never reached the trainer. The demo trains its
    // aborted episodes with reward 0 (the step records list them), so none is badged "aborted".
    expect(new Set(badges.map((b) => b.trim()))).toEqual(new Set(['zero-std', 'never-trained']));
    await page.getByRole('tab', { name: 'Overview' }).click();
    const chart = page.locator('.chart', { hasText: 'Discarded rollouts' });
    await chart.locator('canvas').waitFor();
    expect(await shownLine(chart)).toContain('zero-std group');
    expect(await shownLine(chart)).toContain('never trained');
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-discarded.png') });
  });

  it('reports a filter it cannot read instead of hiding rows', async () => {
    v = await open(demo().records, {
      ui: {
        query: { filter: 'rewrd < 1', search: '', sort: { column: 'step', descending: false } },
      },
    });
    await expect.poll(() => shownLine(v!.page.locator('.table-status'))).toContain('unknown field "rewrd"');
  });

  it('moves through the table with the keyboard and opens the selected sample', async () => {
    v = await open(demo().records);
    const { page } = v;
    await page.locator('.table-body .row').first().waitFor();
    await page.locator('.table-body').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.sample-title').textContent()).toBe('step-0/group-0/sample-1');
    expect(await page.locator('.table-body .row[aria-selected="true"]').count()).toBe(1);
  });

  it('shows the reward breakdown with tau2 checks linked to turns and the credit drawn on them', async () => {
    v = await open(demo().records, {
      ui: { selected: { step: 0, evaluation: false, group: 0, index: 0 } },
    });
    const { page } = v;
    await page.locator('.reward-header').waitFor();
    const header = (await page.locator('.reward-header').textContent()) ?? '';
    expect(header).toContain('reward');
    expect(header).toContain('advantage');
    expect(header).toContain('reward basis DB × COMMUNICATE');
    // An action check tau2 met points at the turn that made the call; the turn carries the badge.
    const link = page.locator('.check.met button.link').first();
    const turn = Number(((await link.textContent()) ?? '').replace(/\D/g, ''));
    await link.click();
    expect(await page.locator(`#turn-${turn} .credit.met`).count()).toBeGreaterThan(0);
    // System prompt collapsed, reasoning collapsible.
    expect(await page.locator('.turn.role-system details').getAttribute('open')).toBeNull();
    expect(await page.locator('.turn.role-assistant details.reasoning').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-trajectory.png') });
  });

  it("sets the task's expected actions beside the agent's calls: matched, missing, extra", async () => {
    v = await open(demo().records, {
      ui: { selected: { step: 0, evaluation: false, group: 0, index: 0 } },
    });
    const { page } = v;
    const section = page.locator('.expected-actions');
    // The demo's sample 0 authenticates and looks up the order, then never cancels it; it is also one
    // of the demo's loops, asking for its first lookup twice more (2 extra).
    await expect
      .poll(() => shownLine(section.locator('summary')))
      .toContain('2 matched · 1 missing · 2 extra');
    await section.locator('summary').click();
    const missing = section.locator('.aligned-row.missing');
    expect(await shownLine(missing)).toContain('cancel_pending_order');
    expect(await section.locator('.aligned-row.conversation').count()).toBeGreaterThan(0);
    const matched = section.locator('.aligned-row.matched').nth(1);
    const turn = Number(((await matched.locator('button.link').textContent()) ?? '').replace(/\D/g, ''));
    await matched.locator('button.link').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`turn-${turn}`);
    await section.screenshot({ path: join(SCREENSHOTS, 'viewer-expected-actions.png') });
  });

  it('compares the best and worst samples of a group and marks the first divergence', async () => {
    v = await open(demo().records, {
      ui: { selected: { step: 0, evaluation: false, group: 0, index: 0 } },
    });
    const { page } = v;
    await page.getByRole('button', { name: 'Compare in group' }).click();
    await page.locator('.compare-row.divergence').waitFor();
    const note = await shownLine(page.locator('.compare-head .note'));
    expect(note).toMatch(/first differ at turn \d+/);
    const heads = await page.locator('.compare-side-head .reward').allTextContents();
    const rewards = heads.map((h) => Number(h.replace('reward', '')));
    expect(rewards[0]).toBeGreaterThanOrEqual(rewards[1]!);
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-compare.png') });
  });

  it('draws the run overview and filters the table to a clicked step', async () => {
    v = await open(demo().records, { ui: { tab: 'overview' } });
    const { page } = v;
    await expect.poll(() => page.locator('.chart canvas').count()).toBe(7);
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-overview.png') });
    // Ten series and six colours: each code's legend marker looks like its line (colour and dash), so
    // no two codes look alike in the legend.
    const codes = await page
      .locator('.chart', { hasText: 'Tool-call errors by code' })
      .locator('.u-legend .u-series')
      .evaluateAll((rows) =>
        rows.flatMap((row) => {
          const marker = row.querySelector<HTMLElement>('.u-marker');
          const label = row.querySelector('.u-label')?.textContent ?? '';
          if (!marker || !/^TC\d{3}$/.test(label)) return [];
          const style = getComputedStyle(marker);
          return [{ label, look: `${style.borderTopColor} ${style.borderTopStyle}` }];
        }),
      );
    expect(codes.map((c) => c.label)).toEqual(expect.arrayContaining(['TC001', 'TC007']));
    expect(new Set(codes.map((c) => c.look)).size).toBe(codes.length);
    expect(codes.find((c) => c.label === 'TC007')?.look).toMatch(/dotted$/);
    const over = page.locator('.chart .u-over').first();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    await expect.poll(() => page.getByLabel('Filter expression').inputValue()).toBe('step == 5');
    await expect.poll(() => shownLine(page.locator('.table-status'))).toContain('24 of 144 samples');
  });

  it('overlays another run on the overview charts and smooths every line with an EMA', async () => {
    // The other run: the same demo, every reward set to 1, so its lines sit apart from this run's.
    const other = demo()
      .records.split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { kind: string })
      .filter((r) => r.kind === 'sample')
      .map((r) => JSON.stringify({ ...r, reward: 1, rawReward: 1 }))
      .join('\n');
    v = await open(demo().records, {
      ui: { tab: 'overview' },
      others: {
        '/box/runs/grpo-config-b': `${other}\n`,
      },
    });
    const { page } = v;
    await expect.poll(() => page.locator('.chart canvas').count()).toBe(7);
    await page.getByRole('checkbox', { name: 'grpo-config-b' }).check();
    const success = page.locator('.chart', { hasText: 'Success rate' });
    await expect.poll(() => shownLine(success.locator('.u-legend'))).toContain('grpo-config-b');
    // Its line is drawn in the first overlay colour (the theme's charts-orange, #d18616).
    const orangePixels = () =>
      success.locator('canvas').evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4)
          if (Math.abs(data[i]! - 0xd1) < 24 && Math.abs(data[i + 1]! - 0x86) < 24 && data[i + 2]! < 70) n++;
        return n;
      });
    await expect.poll(orangePixels).toBeGreaterThan(50);
    // Only charts whose number an index-only overview has get the overlay.
    expect(
      await shownLine(page.locator('.chart', { hasText: 'Response length' }).locator('.u-legend')),
    ).not.toContain('grpo-config-b');
    await page.getByLabel('EMA smoothing').fill('0.6');
    await page.getByLabel('EMA smoothing').dispatchEvent('change');
    await expect.poll(() => shownLine(success.locator('.u-legend'))).toContain('grpo-config-b (EMA)');
    expect(await shownLine(page.locator('.smoothing-value'))).toBe('0.60');
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-overlay.png') });
  });

  it('summarises pass@k and pass^k per domain with every attempt one click away', async () => {
    v = await open(demo().records, { ui: { tab: 'eval' } });
    const { page } = v;
    await page.locator('.eval-table tbody tr').first().waitFor();
    expect(await page.locator('.eval-table thead').textContent()).toContain('pass@4');
    await page.locator('.task-attempts .reward-pill').first().click();
    await page.locator('.sample-title').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-eval.png') });
  });

  it('picks up samples that arrive while it is open', async () => {
    const lines = demo().records.split('\n');
    v = await open(`${lines.slice(0, 10).join('\n')}\n`);
    const { page } = v;
    await expect.poll(() => shownLine(page.locator('.table-status'))).toContain('of 10 samples');
    await v.append(`${lines.slice(10, 40).join('\n')}\n`);
    await expect
      .poll(() => shownLine(page.locator('.table-status')), { timeout: 10_000 })
      .toMatch(/of (3\d|40) samples/);
  });

  it('shows every turn of a 300-turn trajectory, in the conversation and the outline, and goes to the last one', async () => {
    const first = JSON.parse(demo().records.split('\n')[0]!) as { messages: unknown[]; group: number };
    const exchange = first.messages.slice(2, 4);
    const messages = [...first.messages.slice(0, 2)];
    while (messages.length < 300) messages.push(...exchange);
    const long = { ...first, group: 99, messages: messages.slice(0, 300) };
    const key = { step: 0, evaluation: false, group: 99, index: 0 };
    v = await open(`${JSON.stringify(long)}\n`, { ui: { selected: key } });
    const { page } = v;
    await expect.poll(() => page.locator('.turns article.turn').count()).toBe(300);
    expect(await page.locator('.outline-item').count()).toBe(300);
    await page.locator('.outline-item[data-turn="299"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('turn-299');
    const box = await page.locator('#turn-299').boundingBox();
    expect(box && box.y).toBeLessThan(900);
  });

  it('keeps every visible table row in its place while rows are recycled during a scroll', async () => {
    v = await open(demo().records);
    const { page } = v;
    await page.locator('.table-body .row:not(.loading)').first().waitFor();
    const body = page.locator('.table-body');
    for (const top of [10 * 24, 57 * 24, 200 * 24]) {
      await body.evaluate((el, y) => (el.scrollTop = y), top);
      // Drawn once a loaded row sits at the body's new top, however long the repaint takes under load.
      await page.waitForFunction(
        () => {
          const el = document.querySelector('.table-body');
          if (!el) return false;
          const edge = el.getBoundingClientRect().top;
          return [...el.querySelectorAll('.row:not(.loading)')].some(
            (r) => Math.abs(r.getBoundingClientRect().top - edge) < 24,
          );
        },
        undefined,
        { timeout: 10_000 },
      );
      // The row drawn at each height is the row with that index, whatever the element order.
      const rows = await page.locator('.table-body .row:not(.loading)').evaluateAll((els) =>
        els.map((e) => ({
          index: Number(e.getAttribute('aria-rowindex')) - 2,
          y: e.getBoundingClientRect().y,
          step: Number(e.querySelector('[role="gridcell"]')?.textContent),
        })),
      );
      rows.sort((a, b) => a.y - b.y);
      expect(rows.length).toBeGreaterThan(20);
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i]!.index).toBe(rows[i - 1]!.index + 1);
        expect(rows[i]!.y - rows[i - 1]!.y).toBeCloseTo(24, 0);
        expect(rows[i]!.step).toBeGreaterThanOrEqual(rows[i - 1]!.step);
      }
    }
  });
});
