import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { runImportScriptCommand, runLaunchScriptCommand } from '../../../src/cli/launchScript';
import { PRESETS } from '../../../src/core/runspec/presets';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import { buildLaunchScript, entryArgv, runRecord } from '../../../src/remote/launch/launchScript';
import { prepareLaunch } from '../../../src/remote/launch/launchRun';
import { capturedIo } from '../capturedIo';

const HOSTILE = [
  "it's",
  '$(touch /tmp/rs-pwned)',
  '`id`',
  'two\nlines',
  '*',
  '--looks-like-a-flag',
  '-x',
  'ünïcödé ✓ 模型',
  '"double" \\back',
  '$HOME ${PATH}',
  ' padded ',
  '',
];

// The bundles define the version at build time; here it is a global like the bundle's.
vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
const dir = mkdtempSync(join(tmpdir(), 'rs-launch-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('launch.sh', () => {
  test('is valid bash for every ray mode and carries the spec only through quoted words', () => {
    for (const ray of [
      { mode: 'direct' },
      { mode: 'head', numGpus: 2 },
      { mode: 'cluster', address: 'http://h:8265' },
    ]) {
      const spec = RunSpecSchema.parse({
        name: "n'ame\n$(x)",
        workdir: '/w d',
        args: { '--rollout-batch-size': 8, '--prompt-data': HOSTILE },
        env: { A: '$(danger)' },
        secretEnv: ['WANDB_API_KEY'],
        ray,
      });
      const { script } = prepareLaunch(spec, '0.0.0-test');
      const syntax = spawnSync('bash', ['-n'], { input: script });
      expect(syntax.status, syntax.stderr.toString()).toBe(0);
      expect(script).toContain("export A='$(danger)'");
      expect(script).not.toMatch(/^[^#'"]*\$\(danger\)/m);
    }
  });

  test('run by hand in direct mode, the entry receives the hostile values byte for byte and state.json ends exited', () => {
    const work = join(dir, 'work');
    mkdirSync(work);
    // A stand-in entry that records its argv; train.py is what launch.sh runs from the workdir.
    writeFileSync(
      join(work, 'train.py'),
      'import json, os, sys\njson.dump(sys.argv[1:], open(os.environ["ROLLOUT_STUDIO_RUN_DIR"] + "/argv.json", "w"))\nprint("done")\n',
    );
    const spec = RunSpecSchema.parse({
      name: 'hostile',
      workdir: work,
      tap: false,
      runsRoot: join(dir, 'runs'),
      args: {
        '--rollout-batch-size': 8,
        '--prompt-data': HOSTILE,
        '--flag-with-dash-value': '-5',
        '--bare': true,
      },
    });
    const prepared = prepareLaunch(spec, '0.0.0-test');
    const scriptPath = join(dir, 'launch.sh');
    writeFileSync(scriptPath, prepared.script);
    execFileSync('bash', [scriptPath], { stdio: 'ignore', env: { ...process.env, HOME: dir } });
    const runDir = join(dir, 'runs', prepared.input.id);
    expect(JSON.parse(readFileSync(join(runDir, 'argv.json'), 'utf8'))).toEqual(entryArgv(spec).slice(2));
    expect(entryArgv(spec).slice(2)).toContain('$(touch /tmp/rs-pwned)');
    const state = JSON.parse(readFileSync(join(runDir, 'state.json'), 'utf8'));
    expect(state).toMatchObject({ state: 'exited', exitCode: 0, rayHeadStartedByUs: false });
    expect(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'))).toMatchObject({
      id: prepared.input.id,
    });
    expect(readFileSync(join(runDir, 'console.log'), 'utf8')).toMatch(/^done$/m);
  });

  test("the tau2 preset's train command reads one flag per line in every ray mode", () => {
    const preset = PRESETS.find((p) => p.id === 'tau2-qwen3-4b-grpo');
    for (const ray of [{ mode: 'direct' }, { mode: 'cluster', address: 'http://h:8265' }]) {
      const spec = RunSpecSchema.parse({ ...preset?.spec, ray });
      const script = buildLaunchScript({ spec, id: 'r1', createdAt: '', toolVersion: '0' });
      const flags = Object.keys(spec.args);
      expect(flags.length).toBeGreaterThan(40);
      for (const flag of flags) expect(script).toMatch(new RegExp(`^  ${flag}( |$| \\\\$)`, 'm'));
      // It used to be one line of about 2,000 characters.
      expect(Math.max(...script.split('\n').map((l) => l.length))).toBeLessThan(400);
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    }
  });

  test('a declared reward range goes into run.json and, for the tap, into the environment', () => {
    const spec = RunSpecSchema.parse({ name: 'x', workdir: '/w', rewardRange: [-1, 1] });
    const script = buildLaunchScript({ spec, id: 'r1', createdAt: '', toolVersion: '0' });
    expect(script).toMatch(/^export ROLLOUT_STUDIO_REWARD_RANGE=-1,1$/m);
    expect(runRecord({ spec, id: 'r1', createdAt: '', toolVersion: '0' })).toMatchObject({
      rewardRange: [-1, 1],
    });
    expect(RunSpecSchema.safeParse({ name: 'x', workdir: '/w', rewardRange: [1, 0] }).success).toBe(false);
  });

  test('refuses a run id that would need quoting', () => {
    const spec = RunSpecSchema.parse({ name: 'x', workdir: '/w' });
    expect(() => buildLaunchScript({ spec, id: 'a b', createdAt: '', toolVersion: '0' })).toThrow(
      /Not a run id/,
    );
  });
});

describe('CLI', () => {
  test('launch-script prints the script of a spec file; a bad spec names the field', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({ name: 'cli', workdir: '/w', tap: false, args: { '--rollout-batch-size': 4 } }),
    );
    const a = capturedIo();
    expect(await runLaunchScriptCommand([good], a.io)).toBe(0);
    expect(a.out.join('')).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(a.out.join('')).toContain('python3 train.py \\\n  --rollout-batch-size 4 &');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'cli' }));
    const b = capturedIo();
    expect(await runLaunchScriptCommand([bad], b.io)).toBe(2);
    expect(b.err.join('')).toMatch(/workdir/);
  });

  test('import-script follows sourced files relative to the script and prints a spec', async () => {
    const fixture = join(__dirname, 'fixtures', 'run_grpo_like.sh');
    const c = capturedIo();
    expect(await runImportScriptCommand([fixture], c.io)).toBe(0);
    const spec = RunSpecSchema.parse(JSON.parse(c.out.join('')));
    expect(spec.args['--num-layers']).toBe(4);
    expect(c.err.join('')).toMatch(/run_grpo_like\.sh:5: Skipped `pkill -9 sglang`/);
  });
});
