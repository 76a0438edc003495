import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The malformed-files row of docs/reliability.md: each kind of broken input is read by `summary`, `lint`
// and the run store in a process of its own, which must name the file and line, read the good records
// after the bad part, and report its peak memory. The figures land in test-results/reliability/.

interface Probe {
  summary: { code: number; stdout: string; stderr: string };
  lint: { code: number; stdout: string; stderr: string };
  store?: { samples: number[]; problems: { line: number; message: string }[] };
  baselineRssBytes: number;
  peakRssBytes: number;
}

const TAP = readFileSync(new URL('../../fixtures/trajectory/tap-rollouts.jsonl', import.meta.url), 'utf8')
  .trimEnd()
  .split('\n');
const CHAT = readFileSync(new URL('../../fixtures/trajectory/chat-sft.jsonl', import.meta.url), 'utf8')
  .trimEnd()
  .split('\n');
const BEFORE = TAP.slice(0, 3);
const AFTER = TAP.slice(3);
/** The bad part sits on line 4; the 10 tap records after it (8 samples, 2 steps) must still be read. */
const BAD_LINE = 4;
const GOOD_AFTER = AFTER.filter((l) => l.includes('"kind": "sample"')).length;

const around = (bad: string | Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`${BEFORE.join('\n')}\n`),
    Buffer.from(bad),
    Buffer.from(`\n${AFTER.join('\n')}\n`),
  ]);
const sampleWith = (over: Record<string, unknown>) => {
  const record = JSON.parse(TAP[0]!) as Record<string, unknown>;
  return JSON.stringify({ ...record, group: 9, ...over });
};

let dir: string;
let probe: string;
const figures: Record<string, unknown> = {};

function run(path: string): Probe {
  const out = spawnSync(process.execPath, [probe, path, mkdtempSync(join(dir, 'store-'))], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  if (out.status !== 0) throw new Error(`probe failed (${out.status ?? out.signal}): ${out.stderr}`);
  return JSON.parse(out.stdout) as Probe;
}

function record(name: string, path: string, p: Probe, where: string, continued: string) {
  figures[name] = {
    // stat, not a read: reading the FIFO would wait for a writer.
    bytes: statSync(path).isFile() ? statSync(path).size : null,
    reportedAt: where,
    ingestContinued: continued,
    summaryExit: p.summary.code,
    lintExit: p.lint.code,
    peakRssMB: Math.round(p.peakRssBytes / 1e5) / 10,
    aboveBaselineMB: Math.round((p.peakRssBytes - p.baselineRssBytes) / 1e5) / 10,
  };
}

/** Samples the store kept from after the bad line. */
const storedAfter = (p: Probe) => (p.store?.samples ?? []).filter((line) => line > BAD_LINE).length;

describe('malformed files', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rs-malformed-'));
    probe = join(dir, 'probe.mjs');
    await esbuild.build({
      entryPoints: [new URL('./malformedProbe.ts', import.meta.url).pathname],
      outfile: probe,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      define: { __ROLLOUT_STUDIO_VERSION__: '"test"' },
    });
  }, 60_000);
  afterAll(() => {
    const out = join('test-results', 'reliability');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'malformed-files.json'),
      `${JSON.stringify({ node: process.version, figures }, null, 2)}\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  // Each case: the file's bytes, and what summary, lint and the store must say about line 4.
  const lineCases: [string, () => Buffer, RegExp, RegExp | undefined][] = [
    [
      'truncated record',
      () => around(TAP[0]!.slice(0, 400)),
      /:4: \(root\): not JSON/,
      /not valid JSON|JSON/,
    ],
    [
      'invalid UTF-8',
      () =>
        around(
          Buffer.concat([
            Buffer.from(sampleWith({}).slice(0, 300)),
            Buffer.from([0xff, 0xfe, 0xc3]),
            Buffer.from(sampleWith({}).slice(300)),
          ]),
        ),
      /:4: invalid UTF-8, read as U\+FFFD/,
      undefined,
    ],
    [
      'binary',
      () => around(Buffer.concat([randomBytes(2048).map((b) => (b === 0x0a ? 0 : b)), Buffer.from([0])])),
      /:4: \(root\): not JSON/,
      /not JSON|JSON|expected/,
    ],
    [
      '100k-deep nesting',
      () =>
        around(
          sampleWith({ metadata: { deep: '@' } }).replace('"@"', '['.repeat(100_000) + ']'.repeat(100_000)),
        ),
      /:4: \(root\): not read at column \d+: it nests more than 1,000 levels/,
      /nests more than 1,000 levels/,
    ],
    [
      'wrong schema',
      () => around('{"kind": "sample", "v": 2, "step": "zero", "group": 0}'),
      /:4: step: Invalid input: expected number, received string/,
      /expected a number/,
    ],
    [
      'mixed formats',
      () => around(CHAT[0]!),
      /:4: \(root\): this record looks like chat, but \d+ of the first \d+ look like tap/,
      /messages|role|expected/,
    ],
  ];

  for (const [name, bytes, cliSays, storeSays] of lineCases) {
    it(`${name}: named at its line, the records after it read`, () => {
      const path = join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
      writeFileSync(path, bytes());
      const p = run(path);
      expect(p.summary.stderr).toMatch(
        new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${cliSays.source}`, 'm'),
      );
      expect(p.summary.code).toBe(0);
      const summary = JSON.parse(p.summary.stdout) as { simulations: number };
      expect(summary.simulations).toBeGreaterThanOrEqual(GOOD_AFTER);
      expect(p.lint.code).not.toBe(2);
      if (storeSays !== undefined)
        expect(p.store?.problems).toContainEqual({
          line: BAD_LINE,
          message: expect.stringMatching(storeSays),
        });
      expect(storedAfter(p)).toBe(GOOD_AFTER);
      record(
        name,
        path,
        p,
        `${name === 'invalid UTF-8' ? 'CLI' : 'CLI and store'} at line ${BAD_LINE}`,
        `${storedAfter(p)} of ${GOOD_AFTER} later samples stored`,
      );
    });
  }

  it('64 MB line: the store skips it at its line and reads on; the CLI reads it', () => {
    const path = join(dir, 'long-line.jsonl');
    const huge = sampleWith({ messages: [{ role: 'user', content: 'x'.repeat(64 << 20) }] });
    writeFileSync(path, around(huge));
    const p = run(path);
    expect(p.store?.problems).toContainEqual({
      line: BAD_LINE,
      message: expect.stringMatching(/longer than|MB/),
    });
    expect(storedAfter(p)).toBe(GOOD_AFTER);
    expect(p.summary.code).toBe(0);
    expect((JSON.parse(p.summary.stdout) as { simulations: number }).simulations).toBe(
      BEFORE.length + GOOD_AFTER + 1,
    );
    record(
      '64 MB line',
      path,
      p,
      `store at line ${BAD_LINE} (skipped, over 16 MB)`,
      `${storedAfter(p)} of ${GOOD_AFTER} later samples stored`,
    );
  });

  it('empty file: said to be empty, no figures', () => {
    const path = join(dir, 'empty.jsonl');
    writeFileSync(path, '');
    const p = run(path);
    expect(p.summary.code).toBe(2);
    expect(p.summary.stderr).toContain(`${path}: the file is empty`);
    expect(p.store?.problems).toEqual([]);
    record('empty', path, p, 'CLI: "the file is empty" (exit 2)', 'nothing to read');
  });

  it('directory: read as a results folder, its missing file named', () => {
    const path = join(dir, 'a-folder');
    mkdirSync(path);
    const p = run(path);
    expect(p.summary.stderr).toContain(`${path}/results.json: (root): cannot read: ENOENT`);
    expect(p.lint.stderr).toContain(`cannot read ${path}`);
    expect(p.lint.code).toBe(2);
    record('directory', path, p, 'CLI names <dir>/results.json', 'not a stream');
  });

  it('FIFO: refused at once rather than waited on', () => {
    const path = join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [path]);
    const p = run(path);
    expect(p.summary.code).toBe(2);
    expect(p.summary.stderr).toContain(`${path} is a FIFO, not a regular file`);
    expect(p.lint.code).toBe(2);
    expect(p.store).toBeUndefined();
    record('FIFO', path, p, 'CLI: "is a FIFO, not a regular file" (exit 2)', 'not a stream');
  });
});
