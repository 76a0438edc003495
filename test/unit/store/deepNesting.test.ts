import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RunStore } from '../../../src/core/store/runStore';

const annotate = sampleAnnotator({ parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' });

/** A demo sample whose last assistant turn opens `depth` brackets in its call's arguments. */
function deepSample(index: number, depth: number): string {
  const sample = demoSample(0, 0, index);
  const last = sample.messages.findLastIndex((m) => m.role === 'assistant');
  sample.messages[last]!.content =
    `<tool_call>\n{"name": "f", "arguments": ${'['.repeat(depth)}\n</tool_call>`;
  return JSON.stringify(sample);
}

describe('RunStore with deeply nested input', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-deep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('diagnoses a turn nesting 5,000 brackets and every sample after it, again after a reopen', async () => {
    const lines = [
      JSON.stringify(demoSample(0, 0, 0)),
      deepSample(1, 5000),
      JSON.stringify(demoSample(0, 0, 2)),
      deepSample(3, 100_000),
      JSON.stringify(demoSample(0, 0, 3)),
    ];
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(lines.join('\n') + '\n'));
    await store.flush();
    await store.diagnosed();
    expect(store.samples).toHaveLength(5);
    expect(store.samples.slice().every((s) => s.errors !== null)).toBe(true);
    expect(store.samples.at(1)!.errors).toBeGreaterThan(0);
    expect(store.samples.at(3)!.errors).toBeGreaterThan(0);
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate });
    await reopened.diagnosed();
    expect(reopened.samples.slice()).toEqual(store.samples.slice());
    await reopened.close();
  });

  it('lists a record nesting 100,000 levels in its metadata, says at its line that it is not read, and goes on', async () => {
    const deep = JSON.stringify(demoSample(0, 0, 1)).replace(
      '"metadata":{',
      `"metadata":{"deep":${'['.repeat(100_000)}${']'.repeat(100_000)},`,
    );
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(
      Buffer.from(
        [JSON.stringify(demoSample(0, 0, 0)), deep, JSON.stringify(demoSample(0, 0, 2))].join('\n') + '\n',
      ),
    );
    await store.flush();
    await store.diagnosed();
    expect(store.samples.slice().map((s) => s.line)).toEqual([1, 2, 3]);
    expect(store.problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('nests more than 1,000 levels') }),
    ]);
    await expect(store.readSample(store.samples.at(1)!)).rejects.toThrow(
      /line 2, column \d+: it nests more than/,
    );
    await expect(store.readSample(store.samples.at(2)!)).resolves.toEqual(demoSample(0, 0, 2));
    await store.close();
  });

  it('goes on past a sample the engine fails on, says so at its line, and does not stop there after a reopen', async () => {
    const failing = (sample: { index: number }) => {
      if (sample.index === 1) throw new RangeError('Maximum call stack size exceeded');
      return { errors: 0, warnings: 0, dropped: 0 };
    };
    const text = [0, 1, 2].map((i) => JSON.stringify(demoSample(0, 0, i))).join('\n') + '\n';
    const store = await RunStore.open(dir, 'test', { annotate: failing });
    store.ingest(Buffer.from(text));
    await store.flush();
    await store.diagnosed();
    expect(store.samples.slice().map((s) => s.errors)).toEqual([0, 1, 0]);
    expect(store.problems).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining('Maximum call stack size exceeded'),
      }),
    ]);
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate: failing });
    await reopened.diagnosed();
    expect(reopened.samples.slice()).toEqual(store.samples.slice());
    expect(reopened.problems).toHaveLength(1);
    await reopened.close();
  });
});
