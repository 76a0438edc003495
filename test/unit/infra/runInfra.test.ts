import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleTimelines } from '../../../src/remote/consoleTimeline';
import { LocalTarget } from '../../../src/remote/localTarget';
import { GPU_READINGS_FILE, RunInfraService } from '../../../src/vscode/viewer/runInfra';
import type { InfraRun } from '../../../src/vscode/viewer/runInfra';
import { trainerPerfLine } from '../../trainerPerfLine';
import { until } from '../../until';

// The service over this machine as the box, with the stand-in nvidia-smi first on PATH.
const GPU_BIN = resolve(import.meta.dirname, '../../fixtures/box/gpu/bin');

describe('infrastructure over a run: GPU readings while live and shown, and the W&B link', () => {
  let dir: string;
  let path: string | undefined;
  const services: RunInfraService[] = [];
  const service = (find: (d: string) => InfraRun | undefined) => {
    const s = new RunInfraService(find, new ConsoleTimelines(), 40, 300);
    services.push(s);
    return s;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-run-infra-'));
    path = process.env.PATH;
    process.env.PATH = `${GPU_BIN}${delimiter}${path ?? ''}`;
    writeFileSync(
      join(dir, 'console.log'),
      '(MegatronTrainRayActor pid=2087) wandb: 🚀 View run at https://wandb.ai/team/slime/runs/k3x9q2\n',
    );
  });

  afterAll(() => {
    for (const s of services) s.dispose();
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  });

  it('samples a live run while asked, stops when the asking stops, and a new service reads the same readings', async () => {
    const run: InfraRun = {
      target: new LocalTarget(),
      storeDir: dir,
      consolePath: join(dir, 'console.log'),
      live: true,
    };
    const infra = service(() => run);
    const first = await infra.get('run');
    expect(first.sampling).toBe(true);
    expect(first.wandbUrl).toBe('https://wandb.ai/team/slime/runs/k3x9q2');
    const file = join(dir, GPU_READINGS_FILE);
    const lines = () => {
      try {
        return readFileSync(file, 'utf8').split('\n').length - 1;
      } catch {
        return 0;
      }
    };
    await until(() => lines() >= 3, 'three readings');
    const seen = await infra.get('run');
    expect(seen.gpuNote).toBeNull();
    expect(seen.gpu.length).toBeGreaterThanOrEqual(3);
    // Eight GPUs per reading, in order of time, as nvidia-smi listed them.
    for (const r of seen.gpu) {
      expect(r.gpus).toHaveLength(8);
      expect(r.gpus[0]!.memTotalMiB).toBe(81559);
    }
    expect(seen.gpu.map((r) => r.t)).toEqual([...seen.gpu.map((r) => r.t)].sort((a, b) => a - b));
    // Nobody asks any more: once the lease (300 ms here) is over, the file stops growing.
    await new Promise((r) => setTimeout(r, 600));
    const stopped = lines();
    await new Promise((r) => setTimeout(r, 200));
    expect(lines()).toBe(stopped);
    // After a reload (a new service), the finished run shows what was sampled and samples no more.
    run.live = false;
    const again = await service(() => run).get('run');
    expect(again.sampling).toBe(false);
    expect(again.gpu).toHaveLength(stopped);
    await new Promise((r) => setTimeout(r, 200));
    expect(lines()).toBe(stopped);
  });

  it('says why there are no readings for a finished run that never had any, and for a run on no box', async () => {
    const other = mkdtempSync(join(dir, 'other-'));
    const infra = service((d) =>
      d === 'gone'
        ? undefined
        : {
            target: new LocalTarget(),
            storeDir: other,
            consolePath: join(other, 'console.log'),
            live: false,
          },
    );
    const finished = await infra.get('finished');
    expect(finished).toEqual({
      gpu: [],
      sampling: false,
      gpuNote: 'No GPU readings: they are taken while the run is live and its overview is open.',
      wandbUrl: null,
      stepEnds: [],
    });
    expect((await infra.get('gone')).gpuNote).toBe('The run is not on a connected box.');
  });

  it("places the run's step ends on the readings' clock, from the console's stamps in the box's local time", async () => {
    const other = mkdtempSync(join(dir, 'steps-'));
    const consolePath = join(other, 'console.log');
    // Stamps as slime's logger writes them: this machine (the box here) in its own local time.
    const ends = [Date.UTC(2026, 5, 1, 12, 0, 5), Date.UTC(2026, 5, 1, 12, 1, 45)];
    writeFileSync(consolePath, ends.map((t, i) => trainerPerfLine(i + 4, t)).join(''));
    const target = new LocalTarget();
    const looks: string[] = [];
    const stat = target.stat.bind(target);
    target.stat = (p: string) => {
      looks.push(p);
      return stat(p);
    };
    const run: InfraRun = { target, storeDir: other, consolePath, live: false };
    const infra = await service(() => run).get('steps');
    expect(infra.stepEnds).toEqual([
      { step: 4, t: ends[0] },
      { step: 5, t: ends[1] },
    ]);
    // The step ends and the W&B link come from one look at the console.
    expect(looks.filter((p) => p === consolePath)).toHaveLength(1);
  });

  it('folds a console in once when its timeline and its infrastructure are asked for at once', async () => {
    const other = mkdtempSync(join(dir, 'once-'));
    const consolePath = join(other, 'console.log');
    writeFileSync(
      consolePath,
      '(MegatronTrainRayActor pid=2087) [2026-06-01 12:00:00] timer.py:24 - Timer actor_train start\n',
    );
    const timelines = new ConsoleTimelines();
    const target = new LocalTarget();
    const both = await Promise.all([timelines.get(target, consolePath), timelines.get(target, consolePath)]);
    // Read twice from one offset, the start line would count as a start never ended before the next.
    for (const t of both) expect(t?.timeline.unmatched).toBe(0);
  });
});
