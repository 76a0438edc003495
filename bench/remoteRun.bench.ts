// A run too big to copy, browsed without mirroring it: a multi-GB rollouts.jsonl on a box reached over a
// link throttled to 12.5 MB/s (100 Mbit/s). Measured: the first open of a run nobody indexed (the box
// reads the whole file once, sending heads as it goes: how soon the tree shows steps, and how long until
// every sample is there; the script resumes where it stopped afterwards), how long until the run is
// browsable (every sample in the index and the tree built) after it is opened over the connected box, and
// how long a sample takes to open (its body read by byte range over SFTP, parsed, diagnosed).
// Everything runs against a real sshd on loopback, reached through a throttling proxy started here.
// BENCH_REMOTE_GB sets the run's size (default 5); the file is written to the temp folder and removed.
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientHome, poolFor, ScriptedPrompts } from '../test/box/harness/sshBox';
import { Sshd } from '../test/box/harness/sshd';
import { importTau2ResultsFile } from '../src/core/importers/tau2Results';
import { sampleAnnotator } from '../src/core/store/annotateSample';
import { parseProfile } from '../src/core/toolcall/profile';
import { toTapRecords } from '../src/core/trajectory/toTapRecords';
import { RunMirror } from '../src/remote/runMirror';
import type { Target } from '../src/remote/target';
import { median, printTable, writeResult } from './benchKit';

const MB = 1e6;
const RATE = 12.5 * MB;
const GB = Number(process.env.BENCH_REMOTE_GB ?? 5);
const OPENS = 3;
const SAMPLE_OPENS = 41;
const dir = mkdtempSync(join(tmpdir(), 'rs-bench-remote-'));
const script = readFileSync(join('media', 'rollout_heads.py'), 'utf8');

/**
 * Real tau2 trajectories (the published telecom results, converted as `rollout-studio convert` does) as
 * templates, numbered as a GRPO run numbers its samples: 256 a step in groups of 8, a step record after
 * each step's samples.
 */
function writeRun(path: string, bytes: number): number {
  const text = readFileSync(
    join('test', 'fixtures', 'upstream', 'tau2', 'gpt-4.1_telecom_no-user_4trials_5tasks.json'),
    'utf8',
  );
  const tau2 = importTau2ResultsFile(text, 'tau2.json');
  const tails = toTapRecords(tau2.samples).map((r) => {
    const {
      kind: _k,
      v: _v,
      ts: _t,
      step: _s,
      evaluation: _e,
      group: _g,
      index: _i,
      status,
      ...rest
    } = r as Record<string, unknown>;
    return { status, tail: JSON.stringify(rest).slice(1) };
  });
  const fd = openSync(path, 'w');
  const chunk: string[] = [];
  let chunkBytes = 0;
  let written = 0;
  let n = 0;
  const put = (line: string) => {
    chunk.push(line);
    chunkBytes += line.length;
    if (chunkBytes >= 32 * MB) {
      written += writeSync(fd, chunk.join(''));
      chunk.length = 0;
      chunkBytes = 0;
    }
  };
  for (; written + chunkBytes < bytes; n++) {
    const step = Math.floor(n / 256);
    const t = tails[(n * 7) % tails.length]!;
    const head = `{"kind":"sample","v":2,"ts":${1767225600 + n},"step":${step},"evaluation":false,"group":${Math.floor((n % 256) / 8)},"index":${n % 8},"status":${JSON.stringify(t.status)},`;
    put(`${head}${t.tail}\n`);
    if (n % 256 === 255) {
      put(
        `{"kind":"step","v":2,"ts":${1767225600 + n},"step":${step},"evaluation":false,"metrics":{"rollout/raw_reward":0.5}}\n`,
      );
    }
  }
  written += writeSync(fd, chunk.join(''));
  closeSync(fd);
  return n;
}

/** A TCP proxy to the sshd whose box-to-client direction is held to `rate` bytes a second. */
function throttlingProxy(
  port: number,
  rate: number,
): Promise<{ server: Server; port: number; sent: () => number }> {
  let sent = 0;
  const server = createServer((client: Socket) => {
    const upstream = createConnection(port, '127.0.0.1');
    client.pipe(upstream);
    const queue: Buffer[] = [];
    let queued = 0;
    let allowance = 0;
    let last = performance.now();
    const pump = () => {
      const now = performance.now();
      // A burst of at most 20 ms worth: the link's rate holds on every scale a transfer notices.
      allowance = Math.min(allowance + ((now - last) * rate) / 1000, rate / 50);
      last = now;
      while (queue.length > 0 && allowance >= 1) {
        const head = queue[0]!;
        const take = Math.min(head.length, Math.floor(allowance));
        client.write(head.subarray(0, take));
        sent += take;
        allowance -= take;
        queued -= take;
        if (take === head.length) queue.shift();
        else queue[0] = head.subarray(take);
      }
      if (queued < 4 * 1024 * 1024) upstream.resume();
    };
    const timer = setInterval(pump, 2);
    upstream.on('data', (b: Buffer) => {
      queue.push(b);
      queued += b.length;
      if (queued >= 4 * 1024 * 1024) upstream.pause();
    });
    const end = () => {
      clearInterval(timer);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('close', end);
    client.on('close', end);
    upstream.on('error', end);
    client.on('error', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, sent: () => sent });
    }),
  );
}

async function openHeads(target: Target, runDir: string, storeDir: string, samples: number) {
  const start = performance.now();
  const mirror = await RunMirror.open({
    target,
    runDir,
    storeDir,
    annotate: sampleAnnotator(parseProfile({})),
    onError: (e) => console.error(e.message),
    mode: { kind: 'heads', script },
  });
  await new Promise<void>((resolve) => {
    const check = () => {
      const treeSamples = mirror.tree.stepNodes().reduce((sum, s) => sum + s.samples, 0);
      if (mirror.store.samples.length === samples && treeSamples === samples) resolve();
    };
    mirror.onChange(check);
    check();
  });
  return { mirror, ms: performance.now() - start };
}

const runDir = join(dir, 'run');
mkdirSync(runDir);
const file = join(runDir, 'rollouts.jsonl');
console.log(`writing a ${GB} GB run into ${dir} ...`);
const samples = writeRun(file, GB * 1e9);
const size = statSync(file).size;
const sshd = await Sshd.start();
const proxy = await throttlingProxy(sshd.port, RATE);
const viaProxy = Object.create(sshd, { port: { value: proxy.port } }) as Sshd;
const client = await clientHome({ box: { sshd: viaProxy } }, { trust: [viaProxy] });
const pool = poolFor(client, new ScriptedPrompts());
const target = await pool.target('box');
try {
  await target.home();
  // The first open of a run nobody indexed: the box reads the whole file once, sending heads as it goes.
  const first = await RunMirror.open({
    target,
    runDir,
    storeDir: join(dir, 'store-first'),
    annotate: sampleAnnotator(parseProfile({})),
    onError: (e) => console.error(e.message),
    mode: { kind: 'heads', script },
  });
  const buildStart = performance.now();
  let firstShownMs = 0;
  await new Promise<void>((resolve) => {
    const check = () => {
      if (firstShownMs === 0 && first.tree.stepNodes().length > 0)
        firstShownMs = performance.now() - buildStart;
      if (first.store.samples.length === samples) resolve();
    };
    first.onChange(check);
    check();
  });
  const buildMs = performance.now() - buildStart;
  await first.close();
  const headsBytes = statSync(join(runDir, 'rollouts.heads.jsonl')).size;

  const opens: number[] = [];
  const transferred: number[] = [];
  let last: RunMirror | undefined;
  for (let k = 0; k < OPENS; k++) {
    await last?.close();
    const before = proxy.sent();
    const { mirror, ms } = await openHeads(target, runDir, join(dir, `store-${k}`), samples);
    opens.push(ms);
    transferred.push(proxy.sent() - before);
    last = mirror;
  }
  const store = last!.store;
  const sampleMs: number[] = [];
  for (let k = 0; k < SAMPLE_OPENS; k++) {
    const seq = Math.floor(((k * 7919) % SAMPLE_OPENS) * (samples / SAMPLE_OPENS));
    const start = performance.now();
    await store.readSample(store.samples.at(seq)!);
    sampleMs.push(performance.now() - start);
  }
  sampleMs.sort((a, b) => a - b);
  await last?.close();

  const rows = [
    {
      measure: `run on the box: ${(size / 1e9).toFixed(2)} GB, ${samples} samples (${(size / samples / 1000).toFixed(1)} KB each)`,
      value: size / 1e9,
      unit: 'GB',
    },
    {
      measure: 'first open of a run never indexed: first steps in the tree after',
      value: firstShownMs / 1000,
      unit: 's',
    },
    {
      measure: '  ... and every sample, as the box reads its whole file once (python3, resumable)',
      value: buildMs / 1000,
      unit: 's',
    },
    { measure: 'heads index on the box (uncompressed)', value: headsBytes / MB, unit: 'MB' },
    {
      measure: `open -> browsable (index + tree) at 12.5 MB/s, median of ${OPENS} (target <= 5 s)`,
      value: median(opens) / 1000,
      unit: 's',
    },
    {
      measure: 'bytes over the link for that open (gzip of the heads)',
      value: median(transferred) / MB,
      unit: 'MB',
    },
    {
      measure: `sample open (SFTP range read + parse + diagnostics), median of ${SAMPLE_OPENS} (target <= 300 ms)`,
      value: median(sampleMs),
      unit: 'ms',
    },
    { measure: 'sample open, p95', value: sampleMs[Math.floor(sampleMs.length * 0.95)]!, unit: 'ms' },
    {
      measure: 'mirroring the whole run at 12.5 MB/s instead (projected: size / rate)',
      value: size / RATE,
      unit: 's',
    },
  ];
  printTable(rows);
  console.log(
    `results: ${writeResult('remoteRun', { rows, raw: { opens, transferred, sampleMs, buildMs, firstShownMs } })}`,
  );
} finally {
  await target.close();
  pool.closeAll();
  proxy.server.close();
  await client.remove();
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
}
