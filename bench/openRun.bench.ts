// Opening a 100k-sample run as the extension does on start-up: the index and the step/group tree, in a
// fresh process so the memory figure is what one open run costs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TAP_RECORD_VERSION } from '../src/core/records/tapRecord';
import { RolloutTree } from '../src/core/store/rolloutTree';
import { RunStore } from '../src/core/store/runStore';
import { median, printTable, writeResult } from './benchKit';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'rs-bench-open-'));

async function openLarge(): Promise<{ ms: number[]; rssMb: number; heapMb: number }> {
  const storeDir = join(dir, 'large-store');
  const build = await RunStore.open(storeDir, 'bench', {
    annotate: () => ({ errors: 0, warnings: 0, dropped: 0 }),
  });
  // 100k small valid records: opening reads only the index, so body size does not enter the number.
  for (let block = 0; block < 100; block++) {
    const lines = Array.from({ length: 1000 }, (_, k) => {
      const i = block * 1000 + k;
      return JSON.stringify({
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
      });
    });
    build.ingest(Buffer.from(`${lines.join('\n')}\n`));
    await build.flush();
  }
  // One store per folder at a time, as in the extension: the builder's background pass ends first.
  await build.diagnosed();
  await build.close();
  const ms: number[] = [];
  let rssMb = 0;
  let heapMb = 0;
  for (let r = 0; r < 5; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    const store = await RunStore.open(storeDir, 'bench', {
      annotate: () => ({ errors: 0, warnings: 0, dropped: 0 }),
    });
    const tree = new RolloutTree();
    tree.update(store.samples);
    tree.stepNodes();
    ms.push(performance.now() - start);
    if (store.samples.length !== 100_000)
      throw new Error(`expected 100000 samples, got ${store.samples.length}`);
    const mem = process.memoryUsage();
    rssMb = mem.rss / MB;
    heapMb = mem.heapUsed / MB;
    await store.close();
  }
  return { ms, rssMb, heapMb };
}

try {
  const before = process.memoryUsage().rss / MB;
  const large = await openLarge();
  const rows = [
    {
      measure: 'open 100k-sample run (index + tree), median of 5 (target <= 1500)',
      value: median(large.ms),
      unit: 'ms',
    },
    {
      measure: 'process RSS after open (Node baseline before building: ' + before.toFixed(0) + ' MB)',
      value: large.rssMb,
      unit: 'MB',
    },
    { measure: 'JS heap used after open', value: large.heapMb, unit: 'MB' },
  ];
  printTable(rows);
  console.log(`results: ${writeResult('open-run', { rows, raw: large })}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
