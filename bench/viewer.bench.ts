// The trajectory viewer in Chromium, through the same harness as its component tests: the production
// bundle under the production CSP, answered by the real RunViewerData over a real RunStore. Timings are
// taken inside the page with performance marks; "painted" is a task queued from the requestAnimationFrame
// that follows the render, so it runs once that frame's style, layout and paint are done.
import type { Browser, Page } from 'playwright-core';
import { TAP_RECORD_VERSION } from '../src/core/records/tapRecord';
import type { ChatMessage, SampleRecord } from '../src/core/records/tapRecord';
import { demoSample } from '../src/core/demo/demoSamples';
import type { SampleKey } from '../src/shared/protocol';
import { RUN_KEY, closeBundle, openViewer } from '../test/e2e/harness/viewerInChromium';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import type { ViewerPage } from '../test/e2e/harness/viewerInChromium';
import { median, printTable, writeResult } from './benchKit';
import type { Row } from './benchKit';

const REPS = 7;
const LONG_TURNS = 300;
const TABLE_ROWS = 100_000;
const SCROLL_MS = 4000;
const RUNS = 5;

interface PaintMarks {
  reveal: number;
  request: number;
  delivered: number;
  /** The first frame after the data arrived, painted. */
  painted: number;
  /** Turns in that first frame (a long trajectory paints its first screen, then grows). */
  paintedTurns: number;
  /** Every turn in the DOM and painted. */
  complete: number;
  turns: number;
}

/** Page-side probe: marks the reveal, the sample request, its response and the paints after it. */
function probe(): void {
  const w = window as unknown as {
    acquireVsCodeApi: () => { postMessage(m: unknown): void };
    __benchPaint?: (m: PaintMarks) => void;
  };
  const acquire = w.acquireVsCodeApi;
  w.acquireVsCodeApi = () => {
    const api = acquire();
    return {
      ...api,
      postMessage: (m: { type?: string; method?: string }) => {
        if (m.type === 'request' && m.method === 'sample') performance.mark('rs-request');
        api.postMessage(m);
      },
    };
  };
  const at = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
  const count = () => document.querySelectorAll('.turns article.turn').length;
  // A task queued from a frame callback runs once that frame's style, layout and paint are done.
  const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then));
  // Registered before the app's own listener, so "delivered" is stamped before the app sees the data.
  window.addEventListener(
    'message',
    (e: MessageEvent<{ type?: string; result?: { sample?: { turns: unknown[] } } }>) => {
      if (e.data?.type === 'reveal') performance.mark('rs-reveal');
      const turns = e.data?.type === 'response' ? e.data.result?.sample?.turns.length : undefined;
      if (turns === undefined) return;
      performance.mark('rs-delivered');
      // Lit renders in microtasks, all of which finish before the frame callback runs.
      afterPaint(() => {
        performance.mark('rs-painted');
        const paintedTurns = count();
        const done = () => {
          if (count() < turns) return afterPaint(done);
          performance.mark('rs-complete');
          w.__benchPaint?.({
            reveal: at('rs-reveal'),
            request: at('rs-request'),
            delivered: at('rs-delivered'),
            painted: at('rs-painted'),
            paintedTurns,
            complete: at('rs-complete'),
            turns,
          });
        };
        done();
      });
    },
  );
}

/** Posts a reveal as the explorer's "Open Sample in Trajectory Viewer" does, and waits for the paint. */
async function reveal(page: Page, key: SampleKey): Promise<PaintMarks> {
  const painted = page.evaluate(
    () =>
      new Promise<PaintMarks>((resolve) => {
        (window as unknown as { __benchPaint?: (m: PaintMarks) => void }).__benchPaint = resolve;
      }),
  );
  await page.evaluate(
    (k) => window.postMessage({ type: 'reveal', runKey: '/box/runs/test-run', key: k }, '*'),
    key,
  );
  return painted;
}

/** A tau2-shaped sample of `turns` turns: demo exchanges (clean and malformed calls) repeated. */
function longSample(turns: number): SampleRecord {
  const base = demoSample(0, 0, 0);
  const exchanges: ChatMessage[][] = [];
  for (let g = 0; g < 24 && exchanges.length < 40; g++) {
    const m = demoSample(1, g, g % 4).messages;
    for (let i = 2; i + 1 < m.length; i += 2) exchanges.push([m[i]!, m[i + 1]!]);
  }
  const messages = base.messages.slice(0, 2);
  for (let i = 0; messages.length < turns - 1; i++) messages.push(...exchanges[i % exchanges.length]!);
  messages.length = turns - 1;
  messages.push({ role: 'assistant', content: '<tool_call>\n{"name":"done","arguments":{}}\n</tool_call>' });
  const response = messages.filter((m) => m.role === 'assistant').map((m) => m.content);
  return {
    ...base,
    group: 1,
    messages,
    responseTokens: Math.ceil(response.join('').length / 3.6),
  };
}

function smallSample(step: number, group: number, index: number): string {
  const reward = (step * 31 + group * 7 + index) % 5 === 0 ? 1 : 0;
  return JSON.stringify({
    kind: 'sample',
    v: TAP_RECORD_VERSION,
    ts: step,
    step,
    evaluation: false,
    group,
    index,
    status: 'completed',
    reward,
    shapedReward: reward + 0.1 * ((group + index) % 3),
    messages: [
      { role: 'user', content: `Cancel order #W${group}${index}` },
      {
        role: 'assistant',
        content: `<tool_call>\n{"name":"get_order_details","arguments":{"order_id":"#W${group}${index}"}}\n</tool_call>`,
      },
      { role: 'tool', content: '{"status":"pending"}' },
      { role: 'assistant', content: 'It is cancelled.' },
    ],
    metadata: { task_id: String(group), domain: 'retail' },
    responseTokens: 40 + ((group * 13 + index) % 200),
  });
}

async function paintBench(v: ViewerPage): Promise<{ rows: Row[]; raw: unknown }> {
  const small: SampleKey = { step: 0, evaluation: false, group: 0, index: 0 };
  const long: SampleKey = { step: 0, evaluation: false, group: 1, index: 0 };
  const typical: SampleKey = { step: 1, evaluation: false, group: 3, index: 1 };
  // Host-side time of each sample request (store read + tool-call analysis of every turn).
  const hostMs: number[] = [];
  const sample = v.data.sample.bind(v.data);
  v.data.sample = async (key) => {
    const start = performance.now();
    const detail = await sample(key);
    hostMs.push(performance.now() - start);
    return detail;
  };
  await v.page.locator('.table-body .row:not(.loading)').first().waitFor();
  const longRuns: PaintMarks[] = [];
  const typicalRuns: PaintMarks[] = [];
  const longHost: number[] = [];
  const typicalHost: number[] = [];
  // One warm-up of each, then alternate so every measured paint replaces a different trajectory.
  await reveal(v.page, long);
  await reveal(v.page, typical);
  for (let r = 0; r < REPS; r++) {
    await reveal(v.page, small);
    const l = await reveal(v.page, long);
    if (l.turns !== LONG_TURNS) throw new Error(`expected ${LONG_TURNS} turns, got ${l.turns}`);
    longRuns.push(l);
    longHost.push(hostMs.at(-1)!);
    await reveal(v.page, small);
    typicalRuns.push(await reveal(v.page, typical));
    typicalHost.push(hostMs.at(-1)!);
  }
  const m = (runs: PaintMarks[], f: (p: PaintMarks) => number) => median(runs.map(f));
  const rows: Row[] = [
    {
      measure: `${LONG_TURNS}-turn trajectory: sample data delivered -> painted (target <= 150)`,
      median: m(longRuns, (p) => p.painted - p.delivered),
      min: Math.min(...longRuns.map((p) => p.painted - p.delivered)),
      unit: 'ms',
    },
    {
      measure: `  turns in that first frame`,
      median: m(longRuns, (p) => p.paintedTurns),
      min: Math.min(...longRuns.map((p) => p.paintedTurns)),
      unit: 'turns',
    },
    {
      measure: `${LONG_TURNS}-turn trajectory: delivered -> all ${LONG_TURNS} turns painted`,
      median: m(longRuns, (p) => p.complete - p.delivered),
      min: Math.min(...longRuns.map((p) => p.complete - p.delivered)),
      unit: 'ms',
    },
    {
      measure: `${LONG_TURNS}-turn trajectory: reveal -> painted (whole path)`,
      median: m(longRuns, (p) => p.painted - p.reveal),
      min: Math.min(...longRuns.map((p) => p.painted - p.reveal)),
      unit: 'ms',
    },
    {
      measure: `  of which host RunViewerData.sample() (read + analyse ${LONG_TURNS} turns)`,
      median: median(longHost),
      min: Math.min(...longHost),
      unit: 'ms',
    },
    {
      measure: 'open a demo sample: reveal -> painted (target <= 200)',
      median: m(typicalRuns, (p) => p.painted - p.reveal),
      min: Math.min(...typicalRuns.map((p) => p.painted - p.reveal)),
      unit: 'ms',
    },
    {
      measure: '  request -> response (host + harness bridge)',
      median: m(typicalRuns, (p) => p.delivered - p.request),
      min: Math.min(...typicalRuns.map((p) => p.delivered - p.request)),
      unit: 'ms',
    },
    {
      measure: '  of which host RunViewerData.sample()',
      median: median(typicalHost),
      min: Math.min(...typicalHost),
      unit: 'ms',
    },
    {
      measure: '  delivered -> painted',
      median: m(typicalRuns, (p) => p.painted - p.delivered),
      min: Math.min(...typicalRuns.map((p) => p.painted - p.delivered)),
      unit: 'ms',
    },
  ];
  return { rows, raw: { longRuns, longHost, typicalRuns, typicalHost } };
}

interface ScrollRun {
  intervals: number[];
  frames: number;
  placeholderFrames: number;
  rowsScrolled: number;
  /** Renderer main-thread task time during the run (Chrome's TaskDuration), to tell our work from contention. */
  mainThreadMs: number;
}

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

async function taskSeconds(cdp: Cdp): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/**
 * Scrolls `selector` at a fixed speed (position from elapsed time) and records every frame's timestamp,
 * starting once the rows at the start position are there (the jump there is not part of the scroll).
 */
async function scrollOnce(
  page: Page,
  cdp: Cdp,
  selector: string,
  rowsPerSecond: number,
  startRow: number,
): Promise<ScrollRun> {
  await page.locator(selector).evaluate((el, y) => (el.scrollTop = y), startRow * 24);
  await page.waitForFunction(
    ({ selector, row }) =>
      selector !== '.table-body' ||
      (!!document.querySelector(`.table-body .row[aria-rowindex="${row + 2}"]:not(.loading)`) &&
        !document.querySelector('.table-body .row.loading')),
    { selector, row: startRow },
  );
  const before = await taskSeconds(cdp);
  const run = await page.evaluate(
    ({ selector, rowsPerSecond, startRow, durationMs }) =>
      new Promise<Omit<ScrollRun, 'mainThreadMs'>>((resolve) => {
        const body = document.querySelector<HTMLElement>(selector)!;
        const rowHeight = 24;
        const stamps: number[] = [];
        let placeholderFrames = 0;
        let start = -1;
        const frame = (t: number) => {
          if (start < 0) start = t;
          stamps.push(t);
          if (body.querySelector('.row.loading')) placeholderFrames++;
          const elapsed = t - start;
          if (elapsed >= durationMs) {
            resolve({
              intervals: stamps.slice(1).map((s, i) => s - stamps[i]!),
              frames: stamps.length,
              placeholderFrames,
              rowsScrolled: Math.round((elapsed / 1000) * rowsPerSecond),
            });
            return;
          }
          body.scrollTop = (startRow + (elapsed / 1000) * rowsPerSecond) * rowHeight;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { selector, rowsPerSecond, startRow, durationMs: SCROLL_MS },
  );
  return { ...run, mainThreadMs: ((await taskSeconds(cdp)) - before) * 1000 };
}

/**
 * The same scroll with nothing to draw: a scroller as tall as the table's, holding no rows. Its dropped
 * frames are the machine's (other work on these 2 cores, the headless compositor), not the viewer's.
 */
async function openTrivialPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent(
    `<!DOCTYPE html><html><body style="margin:0"><div class="scroller" style="height:771px;overflow:auto">` +
      `<div style="height:${TABLE_ROWS * 24}px">nothing to draw</div></div></body></html>`,
  );
  return page;
}

/**
 * The share (%) of the display's frames that the page did not produce: an interval of n frame budgets
 * misses n - 1. Intervals come in whole vsyncs, with some jitter, hence the rounding.
 */
function droppedShare(intervals: readonly number[], budget: number): number {
  const dropped = intervals.reduce((n, i) => n + Math.max(0, Math.round(i / budget) - 1), 0);
  return (100 * dropped) / (intervals.length + dropped);
}

const spread = (values: readonly number[], digits = 1): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function scrollBench(
  v: ViewerPage,
  trivial: Page,
): Promise<{ rows: Row[]; raw: unknown; budget: number }> {
  await v.page.locator('.table-body .row:not(.loading)').first().waitFor();
  const cdp = await v.page.context().newCDPSession(v.page);
  await cdp.send('Performance.enable');
  const trivialCdp = await trivial.context().newCDPSession(trivial);
  await trivialCdp.send('Performance.enable');
  // The frame budget is the display's interval, read while nothing moves (60 Hz in headless Chromium).
  const still = await scrollOnce(v.page, cdp, '.table-body', 0, 5000);
  const budget = median(still.intervals);
  const rows: Row[] = [
    {
      measure: 'standing still: 100k-row table',
      'dropped frames % (median)': droppedShare(still.intervals, budget),
      'spread of runs': '',
      [`intervals > ${(2 * budget).toFixed(1)} ms %`]:
        (100 * still.intervals.filter((i) => i > 2 * budget).length) / still.intervals.length,
      'main thread ms/frame': still.mainThreadMs / still.frames,
      'frames showing unfetched rows %': '',
    },
  ];
  const raw: Record<string, unknown> = { budget, still };
  // A reading pace, skimming, fast skimming (the steady paces), and a fling through thousands of rows a
  // second, which outruns the row pages the host sends.
  for (const rowsPerSecond of [60, 400, 1000, 3000]) {
    const table: ScrollRun[] = [];
    const empty: ScrollRun[] = [];
    // Alternated, so a burst of load from other work hits both alike.
    for (let r = 0; r < RUNS; r++) {
      table.push(await scrollOnce(v.page, cdp, '.table-body', rowsPerSecond, 5000 + r * 15_000));
      empty.push(await scrollOnce(trivial, trivialCdp, '.scroller', rowsPerSecond, 5000 + r * 15_000));
    }
    const dropped = (x: ScrollRun) => droppedShare(x.intervals, budget);
    const over2 = (x: ScrollRun) =>
      (100 * x.intervals.filter((i) => i > 2 * budget).length) / x.intervals.length;
    for (const [what, runs] of [
      ['100k-row table', table],
      ['  same scroll, empty page', empty],
    ] as const) {
      rows.push({
        measure: `${what === '100k-row table' ? `${rowsPerSecond} rows/s: ` : ''}${what}${what === '100k-row table' && rowsPerSecond === 1000 ? ' (target <= 2% dropped, <= 8 ms/frame)' : ''}`,
        'dropped frames % (median)': median(runs.map(dropped)),
        'spread of runs': spread(runs.map(dropped)),
        [`intervals > ${(2 * budget).toFixed(1)} ms %`]: median(runs.map(over2)),
        'main thread ms/frame': median(runs.map((x) => x.mainThreadMs / x.frames)),
        'frames showing unfetched rows %': median(runs.map((x) => (100 * x.placeholderFrames) / x.frames)),
      });
    }
    raw[`${rowsPerSecond}`] = {
      table: table.map((x) => ({ ...x, intervals: x.intervals.map((i) => +i.toFixed(2)) })),
      empty: empty.map((x) => ({ ...x, intervals: x.intervals.map((i) => +i.toFixed(2)) })),
    };
  }
  return { rows, raw, budget };
}

const browser = await launchChromium();
try {
  const demo = [longSample(LONG_TURNS), demoSample(0, 0, 0), demoSample(1, 3, 1)];
  const paintPage = await openViewer(browser, demo.map((s) => `${JSON.stringify(s)}\n`).join(''), {
    viewport: { width: 1400, height: 900 },
    initScript: probe,
  });
  const paint = await paintBench(paintPage);
  await paintPage.close();

  const lines: string[] = [];
  for (let i = 0; i < TABLE_ROWS; i++)
    lines.push(smallSample(Math.floor(i / 256), Math.floor(i / 8) % 32, i % 8));
  const tableStart = performance.now();
  const tablePage = await openViewer(browser, `${lines.join('\n')}\n`);
  const tableReadyMs = performance.now() - tableStart;
  if (tablePage.store.samples.length !== TABLE_ROWS)
    throw new Error(`expected ${TABLE_ROWS} samples, got ${tablePage.store.samples.length}`);
  const trivialPage = await openTrivialPage(browser);
  const scroll = await scrollBench(tablePage, trivialPage);
  await trivialPage.close();
  await tablePage.close();

  console.log(`\nPaint and open (median of ${REPS}; run dir ${RUN_KEY}):`);
  printTable(paint.rows);
  console.log(
    `\nScrolling (table of ${TABLE_ROWS.toLocaleString('en-US')} rows, built and scanned in ${(tableReadyMs / 1000).toFixed(1)} s):`,
  );
  printTable(scroll.rows);
  console.log(
    `Dropped frames are the display's frames (vsyncs) the page missed, as a share of all of them: an interval of n frame budgets (${scroll.budget.toFixed(1)} ms, the interval while nothing moves) drops n - 1. Each pace runs ${RUNS} times for ${SCROLL_MS / 1000} s, alternating with the same scroll on an empty page, whose dropped frames are the shared machine's (2 cores, other work), not the viewer's. Main-thread ms/frame is the renderer's own task time. Medians, with the spread of the runs.`,
  );
  console.log(
    `results: ${writeResult('viewer', { paint: paint.rows, scroll: scroll.rows, raw: { paint: paint.raw, scroll: scroll.raw } })}`,
  );
} finally {
  await browser.close();
  closeBundle();
}
