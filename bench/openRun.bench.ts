// Opening a run as the extension does on start-up: the index and the step/group tree. Each open runs in
// a fresh Node process (this file again, with --open), so its time and memory are what one open run
// costs, not what building the store left behind. Two sizes: 100k samples (the first round's target)
// and 1M (a slime run of 256 samples a step for ~4,000 steps).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TAP_RECORD_VERSION } from '../src/core/records/tapRecord';
import { RolloutTree } from '../src/core/store/rolloutTree';
import { RunStore } from '../src/core/store/runStore';
import { median, printTable, writeResult } from './benchKit';

const MB = 1024 * 1024;
const OPENS = 5;
const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });

interface Open {
  ms: number;
  /** Resident set right after the open, and the process's peak. */
  rssMb: number;
  peakRssMb: number;
  heapMb: number;
  baselineRssMb: number;
}

/** One open, in this (fresh) process: prints its figures as JSON. */
async function openOnce(storeDir: string, samples: number): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRssMb = process.memoryUsage().rss / MB;
  const start = performance.now();
  const store = await RunStore.open(storeDir, 'bench', { annotate });
  const tree = new RolloutTree();
  tree.update(store.samples);
  tree.stepNodes();
  const ms = performance.now() - start;
  if (store.samples.length !== samples)
    throw new Error(`expected ${samples} samples, got ${store.samples.length}`);
  const mem = process.memoryUsage();
  const open: Open = {
    ms,
    rssMb: mem.rss / MB,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: mem.heapUsed / MB,
    baselineRssMb,
  };
  await store.close();
  console.log(JSON.stringify(open));
}

/** A store of `samples` small valid records: opening reads only the index, so body size does not enter. */
async function build(storeDir: string, samples: number): Promise<void> {
  const store = await RunStore.open(storeDir, 'bench', { annotate });
  const block = 10_000;
  for (let first = 0; first < samples; first += block) {
    const lines: string[] = [];
    for (let i = first; i < Math.min(samples, first + block); i++) {
      lines.push(
        JSON.stringify({
          kind: 'sample',
          v: TAP_RECORD_VERSION,
          ts: i,
          step: Math.floor(i / 256),
          evaluation: false,
          group: Math.floor(i / 8) % 32,
          index: i % 8,
          status: 'completed',
          reward: i % 3 === 0 ? 1 : 0,
          shapedReward: 0.1,
          messages: [],
          metadata: { task_id: String(i % 300), domain: 'retail' },
        }),
      );
    }
    store.ingest(Buffer.from(`${lines.join('\n')}\n`));
    await store.flush();
  }
  // One store per folder at a time, as in the extension: the builder's background pass ends first.
  await store.diagnosed();
  await store.close();
}

function openInChild(storeDir: string, samples: number): Open {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', process.argv[1]!, '--open', storeDir, String(samples)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`the open process exited ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Open;
}

async function measure(samples: number, dir: string) {
  const storeDir = join(dir, `store-${samples}`);
  const buildStart = performance.now();
  await build(storeDir, samples);
  const buildMs = performance.now() - buildStart;
  const opens = Array.from({ length: OPENS }, () => openInChild(storeDir, samples));
  return {
    samples,
    buildMs,
    ms: median(opens.map((o) => o.ms)),
    rssMb: median(opens.map((o) => o.rssMb)),
    peakRssMb: median(opens.map((o) => o.peakRssMb)),
    heapMb: median(opens.map((o) => o.heapMb)),
    baselineRssMb: median(opens.map((o) => o.baselineRssMb)),
    opens,
  };
}

if (process.argv[2] === '--open') {
  await openOnce(process.argv[3]!, Number(process.argv[4]));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'rs-bench-open-'));
  try {
    const small = await measure(100_000, dir);
    const large = await measure(1_000_000, dir);
    const rows = [];
    for (const [m, target] of [
      [small, { ms: 'target <= 1500; was 157', rss: 'target <= 250; was 210' }],
      [large, { ms: 'target <= 1000; was 2600', rss: 'target <= 300; was 1100' }],
    ] as const) {
      const n = `${m.samples / 1000}k`;
      rows.push(
        {
          measure: `open ${n}-sample run (index + tree), median of ${OPENS} processes`,
          value: m.ms,
          unit: 'ms',
          target: target.ms,
        },
        {
          measure: `${n}: process RSS after open (fresh Node: ${m.baselineRssMb.toFixed(0)} MB)`,
          value: m.rssMb,
          unit: 'MB',
          target: target.rss,
        },
        { measure: `${n}: process peak RSS during open`, value: m.peakRssMb, unit: 'MB', target: target.rss },
        { measure: `${n}: JS heap used after open`, value: m.heapMb, unit: 'MB', target: '' },
      );
    }
    printTable(rows);
    console.log(`results: ${writeResult('open-run', { rows, raw: { small, large } })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
