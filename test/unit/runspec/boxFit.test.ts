import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { boxFit } from '../../../src/core/runspec/boxFit';
import type { BoxEnvironment } from '../../../src/core/runspec/boxFit';
import { findingLine } from '../../../src/core/runspec/findingLine';
import { PRESETS } from '../../../src/core/runspec/presets';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import { boxReadiness } from '../../../src/remote/launch/boxReadiness';
import { describeFlagSource } from '../../../src/remote/launch/boxHelpFlags';
import { buildLaunchScript } from '../../../src/remote/launch/launchScript';
import { LocalTarget } from '../../../src/remote/localTarget';

const dir = mkdtempSync(join(tmpdir(), 'rs-box-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tau2 = () => RunSpecSchema.parse(PRESETS.find((p) => p.id === 'tau2-qwen3-4b-grpo')?.spec);
const bare: BoxEnvironment = {
  label: 'This machine',
  packages: { torch: null, ray: null, sglang: null, slime: null },
  gpus: 0,
  gpuProblem: 'nvidia-smi is not on PATH',
  missingPaths: new Map(),
};

describe('the review on a box that has nothing the run needs (the demo machine)', () => {
  test('the tau2 preset gets an error for the workdir, each missing path and the interpreter', async () => {
    const spec = RunSpecSchema.parse({ ...tau2(), python: join(dir, 'no-python') });
    const findings = await boxReadiness(new LocalTarget(), spec, 'This machine');
    // The GPUs (RS401) are this machine's own; the next test gives them.
    const errors = findings.filter((f) => f.severity === 'error' && f.code !== 'RS401');
    expect(errors.map((f) => f.code)).toEqual(['RS306', 'RS308', 'RS308', 'RS308', 'RS309']);
    expect(errors.filter((f) => f.code === 'RS308').map((f) => f.flag)).toEqual([
      '--hf-checkpoint',
      '--ref-load',
      '--prompt-data',
    ]);
    expect(errors[1]?.message).toContain(
      '/root/slime/examples/tau-bench/outputs/models/Qwen3-4B-Instruct-2507 is not on This machine',
    );
    expect(errors[4]?.message).toContain('does not run on This machine');
  });

  test('without GPU, torch, slime or ray, "GPUs per node 4" is an error naming why no GPU is listed', () => {
    const findings = boxFit(tau2(), bare);
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'RS309',
        severity: 'error',
        message:
          'python3 on This machine cannot import torch, ray, sglang, slime, which train.py imports at start.',
      }),
      expect.objectContaining({
        code: 'RS401',
        severity: 'error',
        message: expect.stringMatching(
          /needs 4 GPUs .* but This machine \(nvidia-smi is not on PATH\) has 0 GPUs: 4 missing/,
        ),
      }),
    ]);
  });

  test('a box with the packages and enough GPUs has nothing to say; a cluster run is checked on the cluster', () => {
    const ready: BoxEnvironment = {
      ...bare,
      packages: { torch: '2.8.0', ray: '2.60.0', sglang: '0.5.5', slime: '0.2.1' },
      gpus: 4,
      gpuProblem: undefined,
    };
    expect(boxFit(tau2(), ready)).toEqual([]);
    const cluster = RunSpecSchema.parse({ ...tau2(), ray: { mode: 'cluster', address: 'http://h:8265' } });
    expect(boxFit(cluster, bare)).toEqual([]);
    // Whatever the preset's Ray head is told (--num-gpus 4), the run uses this box's GPUs.
    expect(tau2().ray).toEqual({ mode: 'head', numGpus: 4 });
    const direct = RunSpecSchema.parse({ ...tau2(), ray: { mode: 'direct' } });
    expect(boxFit(direct, bare).map((f) => f.code)).toEqual(['RS309', 'RS401']);
  });

  test('relative paths are checked from the workdir, as slime opens them; present ones pass', async () => {
    const work = join(dir, 'slime');
    mkdirSync(join(work, 'data'), { recursive: true });
    writeFileSync(join(work, 'train.py'), '');
    writeFileSync(join(work, 'data', 'train.jsonl'), '');
    const spec = RunSpecSchema.parse({
      name: 'x',
      workdir: work,
      ray: { mode: 'cluster', address: 'http://h:8265' },
      args: { '--prompt-data': 'data/train.jsonl', '--hf-checkpoint': '~/models/x' },
    });
    const findings = await boxReadiness(new LocalTarget(), spec);
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'RS308',
        flag: '--hf-checkpoint',
        message: expect.stringContaining('the launch script passes ~ unexpanded'),
      }),
    ]);
  });
});

test('the review says why it linted against the bundled flag table', () => {
  expect(
    describeFlagSource(
      { origin: 'unavailable', reason: 'no checkout at /root/slime' },
      'train.py',
      'This machine',
    ),
  ).toBe('the bundled slime table: no checkout at /root/slime on This machine');
});

test("each finding is marked on its line of launch.sh: the flag's, the workdir's cd, else the first", () => {
  const spec = tau2();
  const script = buildLaunchScript({ spec, id: 'r1', createdAt: '', toolVersion: '0' });
  const lines = script.split('\n');
  const at = (f: Parameters<typeof findingLine>[1]) => lines[findingLine(script, f)];
  expect(at({ code: 'RS308', severity: 'error', message: '', flag: '--ref-load' })).toMatch(
    /^ {2}--ref-load \/root\/slime\/examples\/tau-bench\/outputs\//,
  );
  expect(at({ code: 'RS306', severity: 'error', message: '', path: ['workdir'] })).toMatch(
    /^cd -- \/root\/slime/,
  );
  expect(findingLine(script, { code: 'RS304', severity: 'info', message: '' })).toBe(0);
});
