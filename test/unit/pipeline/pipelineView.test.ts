import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildPipelines, type StageRunInfo } from '../../../src/core/pipeline/pipelineView';
import { RunRecordSchema } from '../../../src/core/run/runFiles';
import { LocalTarget } from '../../../src/remote/localTarget';
import { listCheckpoints } from '../../../src/remote/pipeline/listCheckpoints';

const run = (
  id: string,
  createdAt: string,
  extra: Record<string, unknown>,
  state?: StageRunInfo['state'],
): StageRunInfo => ({
  dir: `/runs/${id}`,
  record: RunRecordSchema.parse({ id, name: id, createdAt, toolVersion: 't', argv: [], ...extra }),
  state,
});
const exited = (exitCode: number) => ({ state: 'exited' as const, startedAt: 'x', exitCode });

describe('pipelines rebuilt from discovered runs', () => {
  test('a run started on its own joins as the first stage; stages follow in creation order', () => {
    const pipelines = buildPipelines([
      run(
        'grpo',
        '2026-01-03',
        {
          stage: {
            pipeline: 'sft0',
            kind: 'grpo',
            consumed: [{ kind: 'checkpoint', path: '/c/sft', iteration: 9 }],
          },
          spec: { args: { '--save': '/c/grpo' } },
        },
        { state: 'running', startedAt: 'x' },
      ),
      run(
        'sft0',
        '2026-01-01',
        { argv: ['python3', 'train.py', '--loss-type', 'sft_loss'], spec: { args: { '--save': '/c/sft' } } },
        exited(0),
      ),
      run('unrelated', '2026-01-02', { argv: ['python3', 'train.py', '--loss-type', 'sft_loss'] }, exited(0)),
      run('broken', '2026-01-04', { stage: { pipeline: 'sft0', kind: 'nonsense' } }, exited(1)),
    ]);
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]?.stages.map((s) => [s.runId, s.kind, s.state, s.produced])).toEqual([
      ['sft0', 'sft', 'finished', [{ kind: 'checkpoint', path: '/c/sft' }]],
      ['grpo', 'grpo', 'running', [{ kind: 'checkpoint', path: '/c/grpo' }]],
    ]);
  });
});

describe('a save folder listed on the box', () => {
  const box = new LocalTarget();
  let root = '';
  afterAll(() => rm(root, { recursive: true, force: true }));

  test('iterations newest first with sizes; a marker that is no iteration is named as a problem', async () => {
    root = await mkdtemp(join(tmpdir(), 'rs-ckpt-'));
    for (const it of ['iter_0000019', 'iter_0000039']) {
      await mkdir(join(root, it));
      await writeFile(join(root, it, 'common.pt'), Buffer.alloc(1000));
    }
    await mkdir(join(root, 'rollout'));
    await writeFile(join(root, 'latest_checkpointed_iteration.txt'), '39');
    const listing = await listCheckpoints(box, root);
    expect(listing.latest).toBe(39);
    expect(listing.iterations.map((i) => [i.iteration, i.latest])).toEqual([
      [39, true],
      [19, false],
    ]);
    expect(listing.iterations[0]?.bytes).toBeGreaterThanOrEqual(1000);
    await writeFile(join(root, 'latest_checkpointed_iteration.txt'), 'oops');
    const bad = await listCheckpoints(box, root);
    expect(bad.problem).toBe(
      `${root}/latest_checkpointed_iteration.txt: expected an iteration number or "release", found "oops"`,
    );
    expect(bad.iterations.every((i) => !i.latest)).toBe(true);
    expect((await listCheckpoints(box, join(root, 'missing'))).iterations).toEqual([]);
  });
});
