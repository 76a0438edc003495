import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runConvertCommand } from '../../../src/cli/convert';
import { runSummaryCommand } from '../../../src/cli/summary';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import { fixturePath } from '../importers/fixtures';
import { capturedIo } from '../capturedIo';

// The Python parts (the tap, the .pt converter) have Python tests; these cases run them so their
// failures fail the suite. `python3` on PATH may lack torch (a pyenv build); Debian's python3-torch installs for
// /usr/bin/python3, which runs the converter tests.

/** The pinned test environment (test/python/requirements.txt), built by the suite's global setup. */
const PYTHON = inject('testPython');
const TORCH_PYTHON = '/usr/bin/python3';
const TAP_TESTS = 27;
const CONVERTER_TESTS = 2;
const TRAIN_CONVERTER_TESTS = 4;
/**
 * A hang guard: interpreters start in a loaded suite, and importing torch alone takes seconds (six
 * converter tests took over a minute beside other test runs on 2 cores).
 */
const SPAWN_TIMEOUT = 180_000;

const hasTorch = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'rs-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unittest = (python: string, ...extra: string[]) =>
  spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'test/python', '-v', ...extra], {
    encoding: 'utf8',
  });

const ran = (stderr: string) => Number(/^Ran (\d+) tests?/m.exec(stderr)?.[1] ?? -1);

describe('Python tap and converter', { timeout: SPAWN_TIMEOUT }, () => {
  it('pytest passes in the test environment', () => {
    const r = spawnSync(PYTHON, ['-m', 'pytest', 'test/python', '-q', '-p', 'no:cacheprovider'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // The converter's tests skip themselves where torch is missing, and run in the next case instead.
    const passed = Number(/(\d+) passed/.exec(r.stdout)?.[1] ?? -1);
    const skipped = Number(/(\d+) skipped/.exec(r.stdout)?.[1] ?? 0);
    expect(passed + skipped).toBe(TAP_TESTS + CONVERTER_TESTS + TRAIN_CONVERTER_TESTS);
    expect(passed).toBeGreaterThanOrEqual(TAP_TESTS);
  });

  it.skipIf(!hasTorch)(`converts real .pt dumps with ${TORCH_PYTHON} (skipped where it has no torch)`, () => {
    const r = unittest(TORCH_PYTHON, '-p', 'test_convert_debug_*.py');
    expect(r.status).toBe(0);
    expect(ran(r.stderr)).toBe(CONVERTER_TESTS + TRAIN_CONVERTER_TESTS);
    expect(r.stderr).not.toMatch(/skipped/);
  });

  it('tap records written from Sample-shaped objects import with the TypeScript importer', async () => {
    const out = join(dir, 'rollouts.jsonl');
    const w = spawnSync(PYTHON, ['test/python/write_tap_stream.py', out], { encoding: 'utf8' });
    // Only the tap's one line on where it writes: every record went to the file.
    expect(w.stderr).toBe(`Rollout Studio tap: writing ${out} on host ${hostname()} (pid ${w.pid})\n`);
    expect(w.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    // The committed fixture is this same stream; it must not drift from what the tap writes.
    expect(text).toBe(readFileSync(fixturePath('tap-rollouts.jsonl'), 'utf8'));
    const r = importTapRecords(text, out, { analyzer: profileAnalyzer(parseProfile({})) });
    expect(r.problems).toEqual([]);
    expect(r.samples).toHaveLength(10);
    expect(r.steps.map((s) => [s.step, s.evaluation])).toEqual([
      [0, false],
      [1, false],
      [1, true],
    ]);
    const step1 = r.samples.filter((s) => s.step === 1 && !s.evaluation);
    expect(step1.map((s) => [s.group, s.index, s.status])).toEqual([
      ['2', 0, 'completed'],
      ['2', 1, 'truncated'],
      ['3', 0, 'completed'],
      ['7', 0, 'aborted'],
    ]);
    // Each step record's rewards point at sample records by (group, index).
    for (const st of r.steps.filter((s) => !s.evaluation)) {
      for (const reward of st.rewards ?? []) {
        const sample = r.samples.find(
          (s) => s.step === st.step && s.group === String(reward.group) && s.index === reward.index,
        );
        expect(sample?.reward.raw).toBe(reward.raw);
      }
    }
    const first = r.samples[0]!;
    expect(first.turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(first.turns[2]?.toolCalls[0]?.name).toBe('get_user_details');
    expect(first.turns[3]).toMatchObject({ toolName: 'get_user_details', isError: false });
    expect(first).toMatchObject({
      taskId: '7',
      domain: 'airline',
      reward: { value: 1, raw: 1, shaped: 1.125 },
    });
    expect(first.rewardInfo?.reward_basis).toEqual(['DB', 'COMMUNICATE']);
    const tau1 = step1[3]!;
    expect(tau1.turns.map((t) => [t.role, t.text])).toEqual([
      ['user', '7'],
      ['assistant', '<tool_call>{}</tool_call>'],
    ]);
    expect(tau1.turns[1]?.analysis?.diagnostics.length).toBeGreaterThan(0);
  });

  it("a run the tap saw in slime's call order (hook, then reward, then log function) summarises with its rewards", async () => {
    const out = join(dir, 'slime-order.jsonl');
    const w = spawnSync(PYTHON, ['test/python/write_slime_run.py', out], { encoding: 'utf8' });
    expect(w.stderr).toBe(`Rollout Studio tap: writing ${out} on host ${hostname()} (pid ${w.pid})\n`);
    expect(w.status).toBe(0);
    const t = capturedIo();
    expect(await runSummaryCommand([out, '--format', 'json'], t.io)).toBe(0);
    expect(t.stderr()).toBe('');
    const summary = JSON.parse(t.stdout()) as {
      simulations: number;
      avgReward: number;
      passHatK: Record<string, number>;
    };
    expect(summary.simulations).toBe(15);
    expect(summary.avgReward).toBeCloseTo(0.4);
    expect(summary.passHatK['1']).toBeCloseTo(0.4);
  });

  it.skipIf(!hasTorch)(
    'rollout-studio convert reads a .pt dump through the converter (skipped where /usr/bin/python3 has no torch)',
    async () => {
      const pt = join(dir, 'rollout_data', '3.pt');
      const write = spawnSync(
        TORCH_PYTHON,
        [
          '-c',
          [
            'import sys, os, dataclasses, torch',
            "sys.path.insert(0, 'test/python')",
            'from sample_shapes import recipe_sample',
            'd = dataclasses.asdict(recipe_sample(0, 0, 1.0)); d["status"] = "completed"',
            'os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)',
            'torch.save({"rollout_id": 3, "samples": [d]}, sys.argv[1])',
          ].join('\n'),
          pt,
        ],
        { encoding: 'utf8' },
      );
      expect(write.status).toBe(0);
      const t = capturedIo();
      expect(await runConvertCommand([pt, '--python', TORCH_PYTHON, '--out', '-'], t.io)).toBe(0);
      expect(t.stderr()).toContain('1 samples, 0 steps (slime-dump)');
      const back = importTapRecords(t.stdout(), 'converted.jsonl');
      expect(back.samples[0]).toMatchObject({
        step: 3,
        group: '0',
        index: 0,
        status: 'completed',
        taskId: '7',
      });
    },
  );
});
