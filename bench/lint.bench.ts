// Tool-call lint throughput against bare JSON.parse of every line of the same JSONL bytes (target: lint at
// least 50% of JSON.parse's MB/s), and the wall time to read and lint a 60 MB dataset.
// Where lint time goes beyond parsing the line: scavenging the results it keeps (about 1.3 KB per
// assistant turn, the turn text that the verdict's reasoning holds included), per turn a second
// JSON.parse of the call block plus the schema check, and the full analysis of the turns that break
// (about one in ten here). Lint parses less of each line than JSON.parse does: once a line's tools are
// known to be the previous record's, their text is not parsed again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintJsonlText } from '../src/core/toolcall/lintRecords';
import { parseProfile } from '../src/core/toolcall/profile';
import { median, printTable, timeOnce, writeResult } from './benchKit';
import { generateChatJsonl } from './chatDataset';

const TARGET_BYTES = 60e6;
const REPETITIONS = 11;
const BROKEN_RATE = 0.03;

const dir = mkdtempSync(join(tmpdir(), 'rollout-studio-lint-bench-'));
try {
  const dataset = generateChatJsonl(TARGET_BYTES, BROKEN_RATE);
  const path = join(dir, 'chat.jsonl');
  writeFileSync(path, dataset.text);
  const bytes = Buffer.byteLength(dataset.text);
  const profile = parseProfile({});

  // One untimed run of each first: the linter's code is compiled while it runs, JSON.parse's is not.
  parseEveryLine(dataset.text);
  lintJsonlText(dataset.text, { profile });
  // Interleaved, so drift in the machine's speed hits both sides alike.
  const bare: { wallMs: number; cpuMs: number }[] = [];
  const lint: { wallMs: number; cpuMs: number }[] = [];
  let summary = { turns: 0, diagnostics: 0, problems: 0 };
  for (let i = 0; i < REPETITIONS; i++) {
    bare.push(timeOnce(() => parseEveryLine(dataset.text)));
    lint.push(
      timeOnce(() => {
        const out = lintJsonlText(dataset.text, { profile });
        summary = {
          turns: out.turns.length,
          diagnostics: out.turns.reduce((n, t) => n + t.analysis.diagnostics.length, 0),
          problems: out.problems.length,
        };
      }),
    );
  }
  const endToEnd = median(
    [0, 1, 2].map(() => timeOnce(() => lintJsonlText(readFileSync(path, 'utf8'), { profile })).wallMs),
  );

  const mbps = (ms: number): number => bytes / 1e6 / (ms / 1000);
  const bareWall = median(bare.map((r) => r.wallMs));
  const lintWall = median(lint.map((r) => r.wallMs));
  const bareCpu = median(bare.map((r) => r.cpuMs));
  const lintCpu = median(lint.map((r) => r.cpuMs));
  const ratio = bareWall / lintWall;
  // The fastest runs are the ones least disturbed by whatever else the machine was doing.
  const bestRatio = Math.min(...bare.map((r) => r.wallMs)) / Math.min(...lint.map((r) => r.wallMs));
  const cpuRatio = bareCpu / lintCpu;
  // Each lint run against the JSON.parse run just before it: the machine's speed drifts less in between.
  const pairedRatio = median(bare.map((b, i) => b.wallMs / (lint[i]?.wallMs ?? NaN)));
  const result = {
    dataset: { bytes, records: dataset.records, brokenRate: BROKEN_RATE, ...summary },
    repetitions: REPETITIONS,
    bareJsonParse: { medianMs: bareWall, mbPerSecond: mbps(bareWall), medianCpuMs: bareCpu, runs: bare },
    lint: { medianMs: lintWall, mbPerSecond: mbps(lintWall), medianCpuMs: lintCpu, runs: lint },
    ratio,
    pairedRatio,
    cpuRatio,
    bestRatio,
    target: 0.5,
    meetsTarget: ratio >= 0.5,
    readAndLintMs: endToEnd,
    loadAverage: loadavg(),
    node: process.version,
  };
  console.log(
    `dataset: ${(bytes / 1e6).toFixed(1)} MB, ${dataset.records} records, ${summary.turns} assistant turns ` +
      `(${Math.round(bytes / summary.turns)} bytes per assistant turn), ` +
      `${summary.diagnostics} diagnostics; median of ${REPETITIONS} runs; load average ${loadavg()[0]?.toFixed(1)}`,
  );
  printTable([
    { measure: 'JSON.parse every line', 'MB/s': mbps(bareWall), 'median ms': bareWall, 'cpu ms': bareCpu },
    { measure: 'lint (lintJsonlText)', 'MB/s': mbps(lintWall), 'median ms': lintWall, 'cpu ms': lintCpu },
    {
      measure: 'lint / JSON.parse',
      'MB/s': `${(ratio * 100).toFixed(0)}% (target ≥ 50%)`,
      'median ms': `paired: ${(pairedRatio * 100).toFixed(0)}%, best runs: ${(bestRatio * 100).toFixed(0)}%`,
      'cpu ms': `${(cpuRatio * 100).toFixed(0)}%`,
    },
    { measure: 'read + lint 60 MB file', 'MB/s': mbps(endToEnd), 'median ms': endToEnd, 'cpu ms': '' },
  ]);
  console.log(`written to ${writeResult('lint', result)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function parseEveryLine(text: string): void {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    if (stop > start) JSON.parse(text.slice(start, stop));
    start = stop + 1;
  }
}
