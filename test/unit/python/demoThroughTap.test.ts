import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runDemoCommand } from '../../../src/cli/demo';
import { DEMO_RUN_ID, writeDemoRun } from '../../../src/remote/demo/writeDemoRun';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { discardCounts } from '../../../src/core/metrics/discardCounts';
import { capturedIo } from '../capturedIo';

const dir = mkdtempSync(join(tmpdir(), 'rs-demo-tap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo run', { timeout: 60_000 }, () => {
  it('written aside and moved into place (as Open Demo Run does), names only files that exist', async () => {
    vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
    const aside = join(dir, 'runs.partial');
    const runs = join(dir, 'runs');
    const written = await writeDemoRun(
      aside,
      {
        python: process.env.ROLLOUT_STUDIO_PYTHON ?? 'python3',
        replaySamples: 'media/tap/replay_samples.py',
        convertTrain: 'media/convert_debug_train.py',
      },
      { steps: 2, intervalMs: 0, readFrom: runs },
    );
    mkdirSync(runs);
    renameSync(written, join(runs, DEMO_RUN_ID));
    rmSync(aside, { recursive: true, force: true });
    const run = join(runs, DEMO_RUN_ID);
    // The console's dump lines, as slime prints them: absolute paths, which must be where the run is now.
    const saved = [
      ...readFileSync(join(run, 'console.log'), 'utf8').matchAll(/Save debug train data .* to (\S+)/g),
    ].map((m) => m[1]!);
    expect(saved).toEqual([0, 1].map((step) => join(run, 'train_data', `${step}.json`)));
    for (const path of saved) expect(existsSync(path)).toBe(true);
    // The token files name their sources inside the run's folder.
    for (const file of readdirSync(join(run, 'train_tokens'))) {
      const tokens = JSON.parse(readFileSync(join(run, 'train_tokens', file), 'utf8')) as {
        sources: string[];
        tokenizer: { source: string };
      };
      for (const path of [...tokens.sources, tokens.tokenizer.source])
        expect(existsSync(join(run, path))).toBe(true);
    }
  });

  it('is written by the Python tap from Sample-shaped objects, like a real run', async () => {
    // The bundler defines the version; run from source, run.json gets this one.
    vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
    const t = capturedIo();
    expect(await runDemoCommand([dir, '--steps', '3', '--interval-ms', '0'], t.io)).toBe(0);
    const text = readFileSync(join(dir, DEMO_RUN_ID, 'rollouts.jsonl'), 'utf8');
    const r = importTapRecords(text, 'rollouts.jsonl');
    expect(r.problems).toEqual([]);
    expect(r.samples).toHaveLength(72);
    expect(r.steps.map((s) => s.step)).toEqual([0, 1, 2]);
    // The tap's own marks: records come from the chat messages, with slime's global group numbers.
    expect(text).toContain('"turnsFrom": "messages"');
    const second = r.samples.filter((s) => s.step === 1);
    expect(second[0]).toMatchObject({ group: '6', index: 0 });
    // The trajectories are the demo's, reward for reward and message for message.
    const expected = demoSample(1, 0, 0);
    expect(second[0]?.reward).toMatchObject({
      value: expected.reward,
      raw: expected.rawReward,
      shaped: expected.shapedReward,
    });
    expect(second[0]?.turns.map((t) => t.text)).toEqual(expected.messages.map((m) => m.content));
    expect(r.steps[1]?.rewards).toHaveLength(24);
    // The demo declares its reward range; the tap copies it into every step record.
    expect(r.steps.map((s) => s.rewardRange)).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    // Step 2 over-samples: one group reaches the tap but not the trainer.
    expect(r.steps[2]?.rewards).toHaveLength(20);
    expect(discardCounts(r.samples, r.steps).byStep.find((s) => s.step === 2)?.counts['never-trained']).toBe(
      4,
    );
    const record = JSON.parse(readFileSync(join(dir, DEMO_RUN_ID, 'run.json'), 'utf8')) as object;
    expect(record).toMatchObject({ rewardRange: [0, 1] });
  });
});
