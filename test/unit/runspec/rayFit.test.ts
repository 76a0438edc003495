import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { gpuDemand, rayFit } from '../../../src/core/runspec/rayFit';
import type { RayNode } from '../../../src/core/runspec/rayFit';
import { parseRayNodes } from '../../../src/remote/launch/rayNodes';

const listNodes = readFileSync(
  resolve(__dirname, '../../fixtures/upstream/ray/list-nodes-detail.json'),
  'utf8',
);
const node = (ip: string, gpus: number, cpus: number | undefined, head = false): RayNode => ({
  ip,
  head,
  gpus,
  cpus,
});

test("ray list nodes' JSON (Ray 2.60.0) gives each alive node's GPUs and CPUs; memory text is ignored", () => {
  expect(parseRayNodes(listNodes)).toEqual([node('127.0.0.3', 1, 1), node('127.0.0.2', 2, 1, true)]);
  const dead = JSON.parse(listNodes) as { state: string }[];
  dead[0]!.state = 'DEAD';
  expect(parseRayNodes(JSON.stringify(dead)).map((n) => n.ip)).toEqual(['127.0.0.2']);
  expect(() => parseRayNodes('Traceback (most recent call last):')).toThrow(/printed no JSON: Traceback/);
});

test("slime's placement group: colocated is the larger side, separate is the sum, defaults 1 × 8", () => {
  expect(gpuDemand({}).bundles).toBe(8);
  expect(gpuDemand({ '--colocate': true }).bundles).toBe(8);
  expect(
    gpuDemand({
      '--actor-num-nodes': 2,
      '--actor-num-gpus-per-node': 4,
      '--colocate': true,
      '--rollout-num-gpus': 12,
    }).bundles,
  ).toBe(12);
  expect(gpuDemand({ '--actor-num-gpus-per-node': 4, '--rollout-num-gpus': 2 }).bundles).toBe(6);
  expect(
    gpuDemand({ '--actor-num-gpus-per-node': '4', '--rollout-num-gpus': 2, '--debug-train-only': true })
      .bundles,
  ).toBe(4);
  expect(gpuDemand({ '--rollout-num-gpus': 3, '--debug-rollout-only': true }).bundles).toBe(3);
  expect(
    gpuDemand({
      '--actor-num-gpus-per-node': 2,
      '--rollout-external-engine-addrs': ['h:1'],
      '--rollout-num-gpus': 4,
    }).bundles,
  ).toBe(2);
});

test('a request that does not fit names the GPUs missing and every node', () => {
  const findings = rayFit(
    { args: { '--actor-num-nodes': 2, '--actor-num-gpus-per-node': 4, '--rollout-num-gpus': 4 } },
    [node('10.0.0.1', 4, 16, true), node('10.0.0.2', 2, 16)],
    'the Ray cluster at http://h:8265',
  );
  expect(findings).toEqual([
    {
      code: 'RS401',
      severity: 'error',
      flag: '--rollout-num-gpus',
      message:
        'The run needs 12 GPUs (2 actor node(s) × 4 GPU(s) + 4 rollout GPU(s)) but the Ray cluster at http://h:8265 has 6 GPUs: 6 missing. Nodes: 10.0.0.1 (head): 4 GPUs, 16 CPUs; 10.0.0.2: 2 GPUs, 16 CPUs.',
    },
  ]);
});

test("GPUs without a CPU beside them, and the RolloutManager's CPU, are missing resources too", () => {
  const paired = rayFit(
    { args: { '--actor-num-gpus-per-node': 4, '--colocate': true } },
    [node('a', 4, 2)],
    'c',
  );
  expect(paired[0]?.message).toContain(
    'each with 1 CPU on the same node, but c can pair only 2: 2 CPUs missing',
  );
  const manager = rayFit(
    { args: { '--actor-num-gpus-per-node': 2, '--colocate': true } },
    [node('a', 2, 2)],
    'c',
  );
  expect(manager[0]?.message).toContain(
    "The run needs 3 CPUs (1 per GPU bundle and 1 for slime's RolloutManager)",
  );
  expect(
    rayFit({ args: { '--actor-num-gpus-per-node': 2, '--colocate': true } }, [node('a', 2, 3)], 'c'),
  ).toEqual([]);
});

test('a fit in another shape than asked warns; a head whose CPUs are unknown is checked on GPUs only', () => {
  const spread = rayFit(
    { args: { '--actor-num-nodes': 1, '--actor-num-gpus-per-node': 4, '--colocate': true } },
    [node('a', 2, 8), node('b', 2, 8)],
    'c',
  );
  expect(spread).toMatchObject([{ code: 'RS403', severity: 'warning', flag: '--actor-num-gpus-per-node' }]);
  const nodes = rayFit(
    { args: { '--actor-num-nodes': 2, '--actor-num-gpus-per-node': 1, '--colocate': true } },
    [node('a', 2, 8)],
    'c',
  );
  expect(nodes).toMatchObject([{ code: 'RS403', flag: '--actor-num-nodes' }]);
  const head = (gpus: number) =>
    rayFit(
      { args: { '--actor-num-gpus-per-node': 2, '--colocate': true } },
      [node('127.0.0.1', gpus, undefined, true)],
      'h',
    );
  expect(head(2)).toEqual([]);
  expect(head(1)[0]?.message).toContain('needs 2 GPUs');
  expect(rayFit({ args: { '--actor-num-gpus-per-node': 2 } }, [node('a', 8, 8)], 'c')).toMatchObject([
    { code: 'RS402', flag: '--rollout-num-gpus' },
  ]);
});
