import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { diagnoseThreads, useDiagnoseWorker } from '../../../src/core/store/diagnoseThreads';
import type { Annotate } from '../../../src/core/store/recordEntry';
import { RunStore } from '../../../src/core/store/runStore';
import { FIXTURE_FILE } from '../toolcall/sglang/fixtureCases';

const PROFILE = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' } as const;

/**
 * A run in a foreign writer's layout (v1, body first, task in the metadata) whose assistant turns are
 * SGLang's own parser test inputs, each with its case's tools: clean calls, malformed ones, other parsers'
 * formats. Between them, records that list but do not read whole (a turn nested too deep, a message
 * that breaks the schema only past the head), so every kind of diagnosis is there.
 */
function run(): string {
  const cases = readFileSync(FIXTURE_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; tools: unknown[]; text: string });
  const lines: string[] = [];
  for (let n = 0; n < 1200; n++) {
    const c = cases[n % cases.length]!;
    const base = demoSample(Math.floor(n / 24), Math.floor(n / 4) % 6, n % 4);
    const messages = [...base.messages.slice(0, 2), { role: 'assistant', content: c.text }];
    if (n % 97 === 13) messages.push({ role: 'assistant', content: `<tool_call>${'['.repeat(5000)}` });
    const { kind, messages: _m, tools: _t, metadata, taskId, domain, v: _v, ...head } = base;
    const record: Record<string, unknown> = {
      kind,
      v: 1,
      messages,
      tools: c.tools,
      metadata: { ...metadata, task_id: taskId ?? c.id, domain },
      ...head,
    };
    // Past the head's reach: the whole-record check finds it when the record is read back.
    if (n % 101 === 50) record.tools = 'not a list';
    lines.push(JSON.stringify(record));
  }
  return `${lines.join('\n')}\n`;
}

async function ingest(dir: string, annotate: Annotate, text: string) {
  const store = await RunStore.open(dir, 'test', { annotate });
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += 65_536) store.ingest(bytes.subarray(at, at + 65_536));
  await store.flush();
  await store.diagnosed();
  const result = {
    counts: store.samples.slice().map((s) => [s.errors, s.warnings, s.dropped]),
    problems: [...store.problems],
  };
  await store.close();
  return result;
}

describe('the diagnostics threads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rs-diag-threads-'));
    // The worker program as the extension ships it: bundled on its own.
    await esbuild.build({
      entryPoints: [join(import.meta.dirname, '../../../src/core/store/diagnoseWorker.ts')],
      outfile: join(dir, 'diagnoseWorker.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
  });
  afterAll(() => {
    useDiagnoseWorker(null);
    rmSync(dir, { recursive: true, force: true });
  });

  it('count exactly what the store counts on its own thread, one thread per core', async () => {
    const text = run();
    const counted = sampleAnnotator(PROFILE);
    // Without a profile the store cannot hand the counting to threads: it counts here.
    const single = await ingest(join(dir, 'single'), (s) => counted(s), text);

    useDiagnoseWorker(join(dir, 'diagnoseWorker.js'));
    expect(diagnoseThreads()?.size).toBe(availableParallelism());
    let countedHere = 0;
    const viaThreads = Object.assign(
      (s: Parameters<Annotate>[0]) => {
        countedHere += 1;
        return counted(s);
      },
      { profile: PROFILE },
    );
    const threaded = await ingest(join(dir, 'threads'), viaThreads, text);

    expect(countedHere).toBe(0);
    expect(threaded).toEqual(single);
    expect(single.counts).toHaveLength(1200);
    // The run holds every kind of answer: counts with errors, warnings and drops, and unreadable records.
    expect(single.counts.some(([e]) => e! > 0)).toBe(true);
    expect(single.counts.some(([, w]) => w! > 0)).toBe(true);
    expect(single.counts.some(([, , d]) => d! > 0)).toBe(true);
    expect(single.problems.some((p) => p.message.includes('listed, but cannot be opened'))).toBe(true);
  });
});
