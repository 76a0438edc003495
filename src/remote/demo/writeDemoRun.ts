import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEMO_GROUPS_PER_STEP,
  DEMO_SAMPLES_PER_GROUP,
  demoSample,
  demoSlimeSample,
  demoStepRecord,
} from '../../core/demo/demoSamples';
import { demoStartLines, demoStepLines, demoTrace } from '../../core/demo/demoTimeline';
import { demoTokenizer } from '../../core/demo/demoTokenizer';
import { demoTrainPayload } from '../../core/demo/demoTrainDump';
import type { DemoTrainSample } from '../../core/demo/demoTrainDump';
import { RUN_FILES } from '../../core/run/runFiles';
import { lineStamp } from '../../core/runspec/logLine';
import type { RunRecord, RunState } from '../../core/run/runFiles';
import type { SampleRecord } from '../../core/records/tapRecord';
import type { WorkControl } from '../../core/work/slicedWork';
import { TRAIN_TOKENS_DIR } from '../trainTokensLoader';

export const DEMO_RUN_ID = 'demo-tau2-grpo-qwen3-4b';

/** tau2's task reward is 0 or 1 (partial credit shapes the shaped reward only): the demo declares [0, 1]. */
const DEMO_REWARD_RANGE: [number, number] = [0, 1];

/** Where the demo's Python and the scripts it runs are: the extension's or the CLI's media/ folder. */
export interface DemoTools {
  /** A Python 3 (no torch, no GPU needed). */
  python: string;
  /** media/tap/replay_samples.py: the tap a real run loads into slime, fed Sample-shaped dicts. */
  replaySamples: string;
  /** media/convert_debug_train.py: the converter a box's train dumps go through. */
  convertTrain: string;
}

export interface DemoOptions {
  steps: number;
  /** Milliseconds between samples; 0 writes everything at once. */
  intervalMs: number;
  /** Told after each step is written. */
  stepWritten?: (step: number, samples: number, rewardMean: number | undefined) => void;
  /** Steps written out of all; an abort stops the replay between steps and closes the tap. */
  control?: WorkControl;
  /**
   * Where the run is read from, when it is written elsewhere first and moved there whole: the paths its
   * console prints name that place, not the one it was written in.
   */
  readFrom?: string;
}

/** The launch command a real run of this recipe would have: shown in run.json, never executed. */
const DEMO_ARGV = [
  'python3',
  'train.py',
  '--actor-num-nodes',
  '1',
  '--actor-num-gpus-per-node',
  '2',
  '--colocate',
  '--hf-checkpoint',
  '/models/Qwen3-4B',
  '--prompt-data',
  'tau2_train_tasks.jsonl',
  '--input-key',
  'index',
  '--rollout-batch-size',
  String(DEMO_GROUPS_PER_STEP),
  '--n-samples-per-prompt',
  String(DEMO_SAMPLES_PER_GROUP),
  '--rollout-temperature',
  '1.0',
  '--advantage-estimator',
  'grpo',
  '--sglang-tool-call-parser',
  'qwen25',
  '--sglang-reasoning-parser',
  'qwen3',
];

// As slime stamps its lines: the box's local time (the demo's box is this machine).
const stamp = () => lineStamp(new Date());

async function writeAtomic(path: string, text: string): Promise<void> {
  // Same discipline as the launch wrapper: readers never see a half-written state.json.
  await fs.writeFile(`${path}.tmp`, text);
  await fs.rename(`${path}.tmp`, path);
}

/**
 * Replays the demo GRPO run (tau2-style trajectories, labelled as demo data) into <root>/DEMO_RUN_ID/ the
 * way a real run writes its files: run.json, state.json, console.log and an append-only rollouts.jsonl
 * written by the Python tap. Resolves with the run's directory once state.json says it exited; throws
 * when the tap or the train-dump converter fails.
 */
export async function writeDemoRun(root: string, tools: DemoTools, options: DemoOptions): Promise<string> {
  const { steps, intervalMs: interval } = options;
  const dir = join(root, DEMO_RUN_ID);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const startedAt = new Date().toISOString();
  const record: RunRecord = {
    id: DEMO_RUN_ID,
    name: 'tau2 GRPO · Qwen3-4B (demo)',
    createdAt: startedAt,
    toolVersion: __ROLLOUT_STUDIO_VERSION__,
    argv: DEMO_ARGV,
    envNames: ['PYTHONUNBUFFERED', 'CUDA_DEVICE_MAX_CONNECTIONS', 'ROLLOUT_STUDIO_REWARD_RANGE'],
    demo: true,
    rewardRange: DEMO_REWARD_RANGE,
  };
  await fs.writeFile(join(dir, RUN_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
  await fs.writeFile(
    join(dir, RUN_FILES.launch),
    `#!/usr/bin/env bash\n# Demo run: rollouts are replayed by 'rollout-studio demo'; nothing here trains.\nexit 0\n`,
  );
  const state = (s: RunState) => writeAtomic(join(dir, RUN_FILES.state), `${JSON.stringify(s, null, 2)}\n`);
  await state({ state: 'running', pid: process.pid, startedAt });
  const log = (line: string) => fs.appendFile(join(dir, RUN_FILES.console), `[${stamp()}] ${line}\n`);
  // Ray prefixes what its actors print with the actor and its pid, as a real run's console shows.
  const PROCESS = { rollout: '(RolloutManager pid=4101) ', trainer: '(MegatronTrainRayActor pid=4177) ' };
  const logAs = (process: keyof typeof PROCESS, line: string) =>
    fs.appendFile(join(dir, RUN_FILES.console), `${PROCESS[process]}[${stamp()}] ${line}\n`);
  const rollouts = join(dir, RUN_FILES.rollouts);
  await fs.writeFile(rollouts, '');
  const tap = await startTap(tools.python, tools.replaySamples, rollouts);
  tap.send({ args: { n_samples_per_prompt: DEMO_SAMPLES_PER_GROUP } });
  await log('train.py:49 - [demo] replaying recorded tau2 rollouts; no model is trained');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (const line of demoStartLines()) await logAs('trainer', line);
  // The traces' clock: demo seconds from the run's start, stepping by each step's recorded length.
  let traceClock = Date.parse(startedAt) / 1000;

  const trainDumps = await startTrainDumps(dir, join(options.readFrom ?? root, DEMO_RUN_ID), tools);
  const { signal, onProgress } = options.control ?? {};
  for (let step = 0; step < steps; step++) {
    if (signal?.aborted) {
      await tap.close();
      throw signal.reason;
    }
    const samples: SampleRecord[] = [];
    const leftover = leftoverGroup(step);
    const trainSamples: DemoTrainSample[] = [];
    for (let group = 0; group < DEMO_GROUPS_PER_STEP; group++) {
      for (let index = 0; index < DEMO_SAMPLES_PER_GROUP; index++) {
        const sample = demoSample(step, group, index);
        const slimeSample = demoSlimeSample(step, group, index);
        const trained = group !== leftover;
        if (trained) {
          samples.push(sample);
          trainSamples.push({ record: sample, sampleIndex: slimeSample.index as number });
        }
        const turns = sample.messages.filter((m) => m.role === 'assistant').length;
        const trace = demoTrace(step, group, index, turns, traceClock + group * 1.5 + index * 0.3);
        tap.send({
          sample: { ...slimeSample, trace },
          rollout_id: step,
          evaluation: false,
          trained,
        });
        if (interval > 0) await sleep(interval);
      }
    }
    const stepRecord = demoStepRecord(step, samples);
    tap.send({
      log_rollout: step,
      metrics: { 'rollout/shaped_reward': stepRecord.metrics['rollout/shaped_reward'] },
    });
    const lines = demoStepLines(step, {
      meanLength: stepRecord.metrics['rollout/response_len/mean'] ?? 0,
      truncatedRatio: stepRecord.metrics['rollout/truncated_ratio'] ?? 0,
    });
    const [rolloutPerf, ...trainerLines] = lines;
    if (rolloutPerf) await logAs(rolloutPerf.process, rolloutPerf.line);
    for (const l of trainerLines.slice(0, -2)) await logAs(l.process, l.line);
    await log(
      `train_metric_utils.py:135 - rollout ${step}: ${pyDict({ 'rollout/raw_reward': stepRecord.metrics['rollout/raw_reward'] })}`,
    );
    await log(
      `train_data_utils.py:239 - Save debug train data from 2 DP shard(s) to ${await trainDumps.write(step, trainSamples)}`,
    );
    // The save and the weight update follow the trainer's perf and rollout lines.
    for (const l of trainerLines.slice(-2)) await logAs(l.process, l.line);
    traceClock += 120;
    options.stepWritten?.(step, samples.length, stepRecord.metrics['rollout/raw_reward']);
    onProgress?.(step + 1, steps);
  }
  const tapExit = await tap.close();
  if (tapExit !== 0) throw new Error(`the tap (${tools.replaySamples}) exited with ${tapExit}`);
  await state({
    state: 'exited',
    pid: process.pid,
    startedAt,
    endedAt: new Date().toISOString(),
    exitCode: 0,
  });
  await log('train.py:91 - [demo] replay finished');
  return dir;
}

/**
 * Every fifth step from step 2 over-samples: its last group with reward spread is generated but left out of
 * the batch the trainer gets (slime's over-sampling leftovers), so the viewer has "never trained" samples.
 */
function leftoverGroup(step: number): number | undefined {
  if (step % 5 !== 2) return undefined;
  for (let group = DEMO_GROUPS_PER_STEP - 1; group >= 0; group--) {
    const rewards = new Set(
      Array.from({ length: DEMO_SAMPLES_PER_GROUP }, (_, i) => {
        const s = demoSample(step, group, i);
        return s.shapedReward ?? s.reward;
      }),
    );
    if (rewards.size > 1) return group;
  }
  return undefined;
}

/**
 * The demo's train dumps: each step's payload in slime's layout (JSON, since the demo needs no torch) under
 * train_data/, converted by the same media/convert_debug_train.py a box's dumps go through, with the demo
 * tokenizer, into train_tokens/ where the viewer's token view reads it.
 */
async function startTrainDumps(
  dir: string,
  shownDir: string,
  tools: DemoTools,
): Promise<{ write: (step: number, samples: DemoTrainSample[]) => Promise<string> }> {
  // The converter runs in the run's folder: where Python or the script are named by a relative path,
  // that is the caller's.
  const fromHere = (p: string) => (p.includes('/') || p.includes('\\') ? resolve(p) : p);
  const [python, converter] = [fromHere(tools.python), resolve(tools.convertTrain)];
  const tokenizer = demoTokenizer();
  const tokenizerDir = 'demo-tokenizer';
  await fs.mkdir(join(dir, tokenizerDir), { recursive: true });
  await fs.writeFile(join(dir, tokenizerDir, 'tokenizer.json'), JSON.stringify(tokenizer.spec));
  await fs.mkdir(join(dir, 'train_data'), { recursive: true });
  return {
    write: async (step, samples) => {
      const dump = join('train_data', `${step}.json`);
      await fs.writeFile(
        join(dir, dump),
        JSON.stringify(demoTrainPayload(step, samples, DEMO_SAMPLES_PER_GROUP, tokenizer)),
      );
      const out = join(TRAIN_TOKENS_DIR, `${step}.json`);
      // Run in the run's folder with paths inside it, which the token view shows as the dump's source:
      // they stay true when the run is moved.
      await new Promise<void>((resolve, reject) =>
        execFile(
          python,
          [converter, dump, '--tokenizer', tokenizerDir, '--out', out],
          { cwd: dir },
          (error, _stdout, stderr) =>
            error
              ? reject(new Error(`${converter} failed on ${dump}: ${stderr.trim() || error.message}`))
              : resolve(),
        ),
      );
      return join(shownDir, dump);
    },
  };
}

/**
 * The Python tap fed with Sample-shaped dicts over stdin (media/tap/replay_samples.py): the demo's records
 * are written by the code a real run loads into slime, not by a TypeScript imitation of it.
 */
async function startTap(
  python: string,
  script: string,
  out: string,
): Promise<{ send: (m: unknown) => void; close: () => Promise<number> }> {
  const child = spawn(python, [script], {
    env: {
      ...process.env,
      ROLLOUT_STUDIO_TAP_OUT: out,
      ROLLOUT_STUDIO_REWARD_RANGE: DEMO_REWARD_RANGE.join(','),
    },
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  // A tap that died mid-run shows in its exit code; the write errors that follow are that same failure.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) => reject(new Error(`cannot start ${python} for the tap: ${e.message}`)));
  });
  return {
    send: (m) => void child.stdin.write(`${JSON.stringify(m)}\n`),
    close: () => {
      child.stdin.end();
      return exited;
    },
  };
}

/** slime logs metrics as Python dict reprs; the demo's console.log reads the same. */
function pyDict(d: Record<string, number | undefined>): string {
  return `{${Object.entries(d)
    .map(([k, v]) => `'${k}': ${v ?? 'None'}`)
    .join(', ')}}`;
}
