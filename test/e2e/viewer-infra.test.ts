import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReadings } from '../../src/core/infra/gpuReadings';
import { ConsoleTimelines } from '../../src/remote/consoleTimeline';
import { LocalTarget } from '../../src/remote/localTarget';
import { GPU_READINGS_FILE, RunInfraService } from '../../src/vscode/viewer/runInfra';
import type { InfraRun } from '../../src/vscode/viewer/runInfra';
import { useDemoRun } from './harness/useDemoRun';
import { useViewerPages } from './harness/useViewerPages';
import type { ViewerPage } from './harness/viewerInChromium';
import { SCREENSHOTS } from './harness/workbench';
import { trainerPerfLine } from '../trainerPerfLine';

// The overview's infrastructure section in real Chromium: GPU readings taken by the real sampler through
// this machine as the box, with the stand-in nvidia-smi (test/fixtures/box/gpu) first on PATH, and the
// W&B link from the run's console.log.

const root = join(import.meta.dirname, '..', '..');
const GPU_BIN = resolve(root, 'test/fixtures/box/gpu/bin');
const WANDB = 'https://wandb.ai/tau2-team/slime-tau2/runs/k3x9q2';

describe('GPU timeline and W&B link in the overview', () => {
  const open = useViewerPages('infra');
  const demo = useDemoRun(4);
  let v: ViewerPage | undefined;
  let storeDir: string;
  let run: InfraRun;
  let consolePath: string;
  let path: string | undefined;
  const services: RunInfraService[] = [];

  beforeAll(async () => {
    storeDir = join(demo().home, 'store');
    mkdirSync(storeDir);
    consolePath = join(demo().dir, 'console.log');
    appendFileSync(consolePath, `(MegatronTrainRayActor pid=2087) wandb: 🚀 View run at ${WANDB}\n`);
    path = process.env.PATH;
    process.env.PATH = `${GPU_BIN}${delimiter}${path ?? ''}`;
    run = { target: new LocalTarget(), storeDir, consolePath, live: true };
  });

  afterAll(async () => {
    for (const s of services) s.dispose();
    process.env.PATH = path;
  });

  const service = () => {
    const s = new RunInfraService(() => run, new ConsoleTimelines(), 100);
    services.push(s);
    return s;
  };

  it("draws each GPU's use and memory from readings taken while the live run is shown, with the W&B link", async () => {
    const infra = service();
    v = await open(demo().records, { ui: { tab: 'overview' }, infra: (d) => infra.get(d) });
    const { page } = v;
    const section = page.locator('rs-infra section.infra');
    await section.waitFor({ timeout: 15_000 });
    const link = section.locator('.wandb-link a');
    expect(await link.getAttribute('href')).toBe(WANDB);
    // The overview asks every 5 s; by the second or third ask a few dozen readings are in.
    const util = section.locator('figure.gpu-chart[data-gpu-chart="%"]');
    await expect
      .poll(() => util.locator('details.chart-table tbody tr').count(), { timeout: 30_000, interval: 500 })
      .toBeGreaterThan(20);
    expect(await section.locator('h3 .note').textContent()).toContain('sampling nvidia-smi');
    // One line per GPU, named in the legend.
    const legend = await util.locator('.u-legend .u-series').allTextContents();
    expect(legend.filter((t) => /GPU \d/.test(t))).toHaveLength(8);
    // The table shows what the file holds: its oldest row is the first reading taken. The demo run's own
    // steps ended before the readings began, so a step column ("after 3") may lead the GPUs.
    const first = parseReadings(readFileSync(join(storeDir, GPU_READINGS_FILE), 'utf8'), 'gpu.jsonl')[0]!;
    await util.locator('summary').click();
    const table = util.locator('details.chart-table');
    const header = await table.locator('thead th').allTextContents();
    const row = await table
      .locator('tbody tr')
      .first()
      .evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()));
    expect(row.slice(header.indexOf('GPU 0')).map(Number)).toEqual(first.gpus.map((g) => g.utilPercent));
    await util.locator('summary').click();
    // Two steps end while the run is sampled: the trainer's perf lines, stamped as slime stamps them.
    const ends = [first.t + 1_000, first.t + 2_500];
    appendFileSync(consolePath, ends.map((t, i) => trainerPerfLine(i + 12, t)).join(''));
    await util.locator('summary').click();
    const steps = () =>
      table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[1]?.textContent?.trim()));
    await expect.poll(steps, { timeout: 15_000, interval: 250 }).toContain('after 13');
    expect(await util.locator('figcaption .note').textContent()).toContain('where step N ended');
    // Stamps are to the second: the readings before the first end are step 12's, then 13's, then after it.
    const seen = await steps();
    expect(seen[0]).toBe('12');
    expect(seen).toContain('13');
    expect(seen.at(-1)).toBe('after 13');
    expect(seen.indexOf('13')).toBeGreaterThan(seen.lastIndexOf('12'));
    await util.locator('summary').click();
    await section.screenshot({ path: join(SCREENSHOTS, 'viewer-gpu-timeline.png') });
  });

  it('shows the readings again after a reload, once the run has finished, without sampling', async () => {
    run.live = false;
    // The first page's sampler is still within its lease: end it, as closing the editor would.
    for (const s of services.splice(0)) s.dispose();
    const file = join(storeDir, GPU_READINGS_FILE);
    const count = () => parseReadings(readFileSync(file, 'utf8'), 'gpu.jsonl').length;
    // A reading that was being written as the sampler stopped still lands: wait until the file is still.
    let kept = count();
    await expect
      .poll(async () => {
        await new Promise((r) => setTimeout(r, 300));
        const before = kept;
        kept = count();
        return kept === before;
      })
      .toBe(true);
    expect(kept).toBeGreaterThan(20);
    const infra = service();
    v = await open(demo().records, { ui: { tab: 'overview' }, infra: (d) => infra.get(d) });
    const section = v.page.locator('rs-infra section.infra');
    await section.locator('figure.gpu-chart').first().waitFor({ timeout: 15_000 });
    expect(await section.locator('h3 .note').textContent()).toContain('taken while the run was live');
    const mem = section.locator('figure.gpu-chart[data-gpu-chart="GiB"]');
    expect(await mem.locator('details.chart-table tbody tr').count()).toBe(kept);
    await new Promise((r) => setTimeout(r, 500));
    expect(parseReadings(readFileSync(file, 'utf8'), 'gpu.jsonl')).toHaveLength(kept);
  });
});
