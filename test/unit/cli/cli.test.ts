import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecordSchema, RunStateSchema } from '../../../src/core/run/runFiles';
import { PRESETS } from '../../../src/core/runspec/presets';
import { SampleRecordSchema } from '../../../src/core/records/tapRecord';

// The CLI is tested as users run it: bundled and started as a separate node process.
describe('rollout-studio CLI', () => {
  let dir: string;
  let cli: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rs-cli-'));
    cli = join(dir, 'cli.js');
    await build({
      entryPoints: ['src/cli/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: cli,
      // The same choices as scripts/build.mjs: ES module builds first, ssh2's native add-ons left out.
      mainFields: ['module', 'main'],
      external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
      define: { __ROLLOUT_STUDIO_VERSION__: '"9.9.9-test"' },
      logLevel: 'error',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Tests that start the CLI several times: a node start each, slow on a loaded machine.
  const SEVERAL_RUNS_MS = 30_000;
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

  it('prints --version and --help', () => {
    expect(run('--version')).toMatchObject({ status: 0, stdout: '9.9.9-test\n' });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: rollout-studio <command>');
    expect(help.stdout).toContain('demo <runs-root>');
  });

  it('rejects unknown commands and bad usage with exit code 2', () => {
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(run('demo').status).toBe(2);
    expect(run('demo', dir, '--steps', 'x').status).toBe(2);
  });

  it('demo writes a run directory the way a real run does', () => {
    const runs = join(dir, 'runs');
    execFileSync(process.execPath, [cli, 'demo', runs, '--steps', '2', '--interval-ms', '0']);
    const runDir = join(runs, 'demo-tau2-grpo-qwen3-4b');
    const record = RunRecordSchema.parse(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')));
    expect(record.demo).toBe(true);
    const state = RunStateSchema.parse(JSON.parse(readFileSync(join(runDir, 'state.json'), 'utf8')));
    expect(state).toMatchObject({ state: 'exited', exitCode: 0 });
    const lines = readFileSync(join(runDir, 'rollouts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(lines.filter((l) => l.kind === 'step')).toHaveLength(2);
    for (const l of lines.filter((l) => l.kind === 'sample'))
      expect(SampleRecordSchema.safeParse(l).success).toBe(true);
    expect(readFileSync(join(runDir, 'console.log'), 'utf8')).toMatch(/rollout 1: \{'rollout\/raw_reward': /);
  });

  it("summary reads the demo's console.log into a step timeline, and its samples carry trace spans", () => {
    const runs = join(dir, 'runs-timeline');
    execFileSync(process.execPath, [cli, 'demo', runs, '--steps', '4', '--interval-ms', '0']);
    const runDir = join(runs, 'demo-tau2-grpo-qwen3-4b');
    const consoleLog = readFileSync(join(runDir, 'console.log'), 'utf8');
    expect(consoleLog).toMatch(
      /^\(MegatronTrainRayActor pid=\d+\) \[[\d-]+ [\d:]+\] timer\.py:31 - Timer actor_train end \(elapsed: [\d.]+s\)$/m,
    );
    const sample = SampleRecordSchema.parse(
      JSON.parse(readFileSync(join(runDir, 'rollouts.jsonl'), 'utf8').split('\n')[0]!),
    );
    expect(sample.trace?.events.map((e) => e.name)).toContain('sglang_generate');
    const json = run('summary', join(runDir, 'rollouts.jsonl'), '--format', 'json');
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      timeline: {
        steps: { step: number; complete: boolean; total: number; seconds: Record<string, number> }[];
        meanSeconds: Record<string, number>;
      };
    };
    // Four trained steps, then the open window of step 4: the weight update after step 3.
    expect(doc.timeline.steps.filter((s) => s.complete).map((s) => s.step)).toEqual([0, 1, 2, 3]);
    for (const s of doc.timeline.steps.filter((x) => x.complete)) {
      expect(s.seconds.generation).toBeGreaterThan(30);
      expect(s.seconds.actorTrain).toBeGreaterThan(10);
      expect(s.seconds.updateWeights).toBeGreaterThan(5);
    }
    expect(doc.timeline.meanSeconds.generation).toBeGreaterThan(doc.timeline.meanSeconds.logProbs!);
    const text = run('summary', join(runDir, 'rollouts.jsonl'));
    expect(text.stdout).toMatch(
      /timeline {4}[\d.]+ s per step over 4 steps: rollout generation [\d.]+ s, actor train/,
    );
    const missing = run('summary', join(runDir, 'rollouts.jsonl'), '--console', join(runDir, 'nope.log'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read --console');
  });

  const upstream = join(__dirname, '../../fixtures/upstream');
  const realHelp = join(upstream, 'slime/train-help.txt');

  it(
    "console names a real log's failure and reads progress under slime's metric names",
    { timeout: SEVERAL_RUNS_MS },
    () => {
      const oom = run('console', join(upstream, 'slime-logs/02.log'), '--format', 'json');
      expect(oom.status).toBe(0);
      expect(JSON.parse(oom.stdout)).toEqual({
        failure: {
          cause: 'cuda-oom',
          line: 15,
          message: expect.stringContaining('RayTaskError(OutOfMemoryError)'),
        },
        progress: { step: null, metrics: {} },
        steps: [],
      });
      const doc = JSON.parse(
        run('console', join(upstream, 'slime-logs/08.log'), '--format', 'json').stdout,
      ) as {
        failure: unknown;
        progress: { step: number; metrics: Record<string, number> };
        steps: { step: number; running: string[] }[];
      };
      expect(doc.failure).toBeNull();
      expect(doc.progress.step).toBe(16);
      expect(doc.progress.metrics['passrate/pass@1']).toBe(0.243);
      expect(doc.steps.map((s) => [s.step, s.running])).toEqual([[16, ['actor_train']]]);
      const text = run('console', join(upstream, 'slime-logs/17.log'));
      expect(text.stdout).toMatch(/17\.log:1: cuda-oom: CUDA out of memory/);
      // In a run directory, run.json's argv says how many optimizer steps make a rollout.
      const runDir = join(dir, 'run-4-steps');
      mkdirSync(runDir);
      const argv = [
        'train.py',
        '--rollout-batch-size',
        '32',
        '--n-samples-per-prompt',
        '8',
        '--global-batch-size',
        '64',
      ];
      const record = { id: 'r', name: 'r', createdAt: '2026-01-01T00:00:00Z', toolVersion: '1', argv };
      writeFileSync(join(runDir, 'run.json'), JSON.stringify(record));
      writeFileSync(
        join(runDir, 'console.log'),
        "[2026-01-01 00:00:00] model.py:918 - step 11: {'train/grad_norm': 0.08}\n",
      );
      const stepOf = (...extra: string[]) =>
        (
          JSON.parse(run('console', join(runDir, 'console.log'), '--format', 'json', ...extra).stdout) as {
            progress: { step: number };
          }
        ).progress.step;
      expect(stepOf()).toBe(2);
      expect(stepOf('--steps-per-rollout', '1')).toBe(11);
      expect(run('console').status).toBe(2);
      expect(run('console', join(dir, 'missing.log')).stderr).toContain('cannot read');
    },
  );

  it('presets lists the wizard presets as specs', { timeout: SEVERAL_RUNS_MS }, () => {
    const out = run('presets', '--format', 'json');
    expect(out.status).toBe(0);
    const presets = JSON.parse(out.stdout) as { id: string; spec: unknown }[];
    expect(presets).toEqual(PRESETS.map((p) => ({ id: p.id, spec: p.spec })));
  });

  it(
    "check-spec: presets check clean against slime's real --help; a misspelt flag is an error (exit 1)",
    { timeout: SEVERAL_RUNS_MS },
    () => {
      for (const p of PRESETS) {
        const out = run('check-spec', '--preset', p.id, '--help-file', realHelp, '--format', 'json');
        expect(out.status).toBe(0);
        expect(JSON.parse(out.stdout)).toEqual({ diagnostics: [] });
      }
      const spec = join(dir, 'spec.json');
      const args = { '--rollout-batch-size': 8, '--num-rollout': 10, '--lr-decay-styl': 'constant' };
      writeFileSync(spec, JSON.stringify({ name: 't', workdir: '/w', tap: false, args }, null, 2));
      const json = run('check-spec', spec, '--help-file', realHelp, '--format', 'json');
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        diagnostics: [
          {
            code: 'RS101',
            severity: 'error',
            flag: '--lr-decay-styl',
            message: expect.stringContaining('Did you mean --lr-decay-style?'),
          },
        ],
      });
      const text = run('check-spec', spec, '--help-file', realHelp);
      expect(text.stdout).toContain(`${spec}:8:5: error RS101 --lr-decay-styl:`);
      // Against the bundled table (no --help) an unknown flag is only a warning: it lists fewer flags.
      expect(run('check-spec', spec).status).toBe(0);
      expect(run('check-spec', '--preset', 'nope').status).toBe(2);
      expect(run('check-spec', spec, '--help-file', spec).stderr).toContain('is not argparse --help output');
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{\n  "name": "t",\n  "args": {"--lr": }\n}\n');
      expect(run('check-spec', broken)).toMatchObject({
        status: 2,
        stderr: expect.stringContaining(`${broken}:3:20: not JSON (ValueExpected)`),
      });
    },
  );
});
