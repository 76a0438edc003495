import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runDemoCommand } from '../../../src/cli/demo';
import { DEMO_RUN_ID } from '../../../src/remote/demo/writeDemoRun';
import { DEMO_SAMPLES_PER_GROUP } from '../../../src/core/demo/demoSamples';
import { demoTokenizer } from '../../../src/core/demo/demoTokenizer';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { discardReason, trainedKeys } from '../../../src/core/metrics/discardReason';
import { SampleRecordSchema } from '../../../src/core/records/tapRecord';
import type { SampleRecord } from '../../../src/core/records/tapRecord';
import { groupAdvantage } from '../../../src/core/trajectory/groupAdvantage';
import { LocalTarget } from '../../../src/remote/localTarget';
import { loadTrainTokens } from '../../../src/remote/trainTokensLoader';
import { TokenViews } from '../../../src/vscode/viewer/tokenViews';

// The token view's data path for real: train dumps → media/convert_debug_train.py (python3, a real
// tokenizer.json) → the loader on a Target → the join with the tap's records.

const PYTHON = process.env.ROLLOUT_STUDIO_PYTHON ?? 'python3';
const converter = readFileSync('media/convert_debug_train.py', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rs-train-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const target = new LocalTarget();

describe('train-dump tokens', { timeout: 60_000 }, () => {
  it('the demo run has a token view for every trained sample, decoded by its tokenizer.json', async () => {
    vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
    const io = { stdout: () => undefined, stderr: (s: string) => void expect(s).toBe('') };
    expect(await runDemoCommand([dir, '--steps', '1', '--interval-ms', '0'], io)).toBe(0);
    const runDir = join(dir, DEMO_RUN_ID);
    const records = readFileSync(join(runDir, 'rollouts.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"kind": "sample"'))
      .map((l) => SampleRecordSchema.parse(JSON.parse(l)) as SampleRecord);
    const views = new TokenViews(async () => converter);
    // The first trained group: a group with an aborted sample never reaches the trainer.
    const first = records.findIndex(
      (r, i) =>
        i % DEMO_SAMPLES_PER_GROUP === 0 &&
        records.slice(i, i + DEMO_SAMPLES_PER_GROUP).every((x) => x.status !== 'aborted'),
    );
    const record = records[first + 1]!;
    const view = await views.view(target, runDir, record);
    if (!view.ok) throw new Error(view.reason);
    expect(view.joinedBy).toBe(`sample_index ${record.sampleIndex}`);
    // Named inside the run's folder, so the path stays true when the run is moved.
    expect(view.tokenizer).toEqual({ source: join('demo-tokenizer', 'tokenizer.json'), note: null });
    // The pieces are the response as the chat template lays it out, every byte accounted for.
    const response = record.messages
      .slice(2)
      .map((m) => `<|im_start|>${m.role}\n${m.content as string}<|im_end|>\n`)
      .join('');
    expect(view.sample.pieces?.join('')).toBe(response);
    // Trained tokens are exactly the assistant turns' content and their end tokens.
    const s = view.sample;
    const trainedText = s.pieces!.filter((_, i) => s.lossMask?.[i] === 1).join('');
    const assistant = record.messages
      .filter((m) => m.role === 'assistant')
      .map((m) => `${m.content as string}<|im_end|>`);
    expect(trainedText).toBe(assistant.join(''));
    // GRPO's advantage over the group's shaped rewards, on every response token.
    const group = records.slice(first, first + DEMO_SAMPLES_PER_GROUP).map((r) => r.shapedReward ?? 0);
    const expected = groupAdvantage(group).advantages[1]!;
    expect(new Set(s.advantages)).toEqual(new Set([Math.round(expected * 1e4) / 1e4]));
    expect(view.maxAbs).toBeGreaterThan(0);
    expect(s.logProbs).toHaveLength(s.ids.length);
  });

  it('no demo sample both "never reached the trainer" and joins to trained tokens', async () => {
    vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
    const demoDir = join(dir, 'aborted');
    const io = { stdout: () => undefined, stderr: (s: string) => void expect(s).toBe('') };
    expect(await runDemoCommand([demoDir, '--steps', '3', '--interval-ms', '0'], io)).toBe(0);
    const runDir = join(demoDir, DEMO_RUN_ID);
    const text = readFileSync(join(runDir, 'rollouts.jsonl'), 'utf8');
    const steps = importTapRecords(text, 'rollouts.jsonl').steps;
    const aborted = text
      .split('\n')
      .filter((l) => l.includes('"kind": "sample"'))
      .map((l) => SampleRecordSchema.parse(JSON.parse(l)) as SampleRecord)
      .filter((r) => r.status === 'aborted');
    expect(aborted.length).toBeGreaterThan(0);
    const views = new TokenViews(async () => converter);
    let joined = 0;
    for (const record of aborted) {
      const view = await views.view(target, runDir, record);
      const trained = trainedKeys(steps.find((s) => s.step === record.step)?.rewards);
      const reason = discardReason({
        evaluation: false,
        status: record.status,
        removed: record.removed,
        zeroStdGroup: false,
        trained: trained?.has(`${record.group}/${record.index}`),
      });
      // The tap's trained list and the train dump agree, and the badge follows them.
      expect(view.ok, `step ${record.step} group ${record.group} sample ${record.index}`).toBe(
        trained?.has(`${record.group}/${record.index}`),
      );
      expect(view.ok && reason !== null).toBe(false);
      if (view.ok) joined++;
    }
    // The demo's aborted episodes are trained with reward 0, as the tau-bench example trains them.
    expect(joined).toBeGreaterThan(0);
  });

  it("a box run's dumps are found from its flags, converted on the box once, then read", async () => {
    const runDir = join(dir, 'box-run');
    const dumps = join(dir, 'dumps');
    const checkpoint = join(dir, 'Qwen3-demo');
    mkdirSync(runDir, { recursive: true });
    mkdirSync(dumps, { recursive: true });
    mkdirSync(checkpoint, { recursive: true });
    const tokenizer = demoTokenizer();
    writeFileSync(join(checkpoint, 'tokenizer.json'), JSON.stringify(tokenizer.spec));
    writeFileSync(
      join(runDir, 'run.json'),
      JSON.stringify({
        id: 'box-run',
        name: 'box run',
        createdAt: '2026-01-01T00:00:00Z',
        toolVersion: '0',
        argv: [
          PYTHON,
          'train.py',
          '--hf-checkpoint',
          checkpoint,
          '--save-debug-train-data',
          `${dumps}/train_{rollout_id}_{rank}.json`,
        ],
        envNames: [],
      }),
    );
    const ids = tokenizer.encode('Hello <tool_call>');
    const dump = (index: number) => ({
      format_version: 2,
      rollout_id: 2,
      rank: 0,
      samples: [
        {
          rollout_position: index,
          sample_index: index,
          tokens: [1, ...ids],
          response_lengths: ids.length,
          loss_masks: ids.map(() => 1),
          advantages: ids.map(() => index - 0.5),
        },
      ],
    });
    // Two writers' files of step 2 (an older slime's ranks) and one of another step.
    writeFileSync(join(dumps, 'train_2_0.json'), JSON.stringify(dump(0)));
    writeFileSync(join(dumps, 'train_2_1.json'), JSON.stringify(dump(1)));
    writeFileSync(join(dumps, 'train_3_0.json'), JSON.stringify({ ...dump(5), rollout_id: 3 }));
    const loaded = await loadTrainTokens(target, runDir, 2, converter);
    if (!loaded.ok) throw new Error(loaded.reason);
    expect(loaded.path).toBe(join(runDir, 'train_tokens', '2.json'));
    expect(loaded.file.samples.map((s) => [s.sampleIndex, s.pieces?.join('')])).toEqual([
      [0, 'Hello <tool_call>'],
      [1, 'Hello <tool_call>'],
    ]);
    expect(readFileSync(join(runDir, 'convert_debug_train.py'), 'utf8')).toBe(converter);
    // Converted once: the file is read as it is from then on.
    rmSync(join(dumps, 'train_2_0.json'));
    expect((await loadTrainTokens(target, runDir, 2, converter)).ok).toBe(true);
    const missing = await loadTrainTokens(target, runDir, 7, converter);
    expect(missing).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no train dump for step 7 yet/),
    });
  });
});
