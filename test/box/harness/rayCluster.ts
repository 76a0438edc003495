import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { freePort } from '../../../scripts/lib/codeServer.mjs';
import { until } from '../../until';
import { alive } from './processes';

// A real Ray cluster on loopback for the box tests, from the pinned test venv (test/python/requirements.txt).
// Ray swaps 127.0.0.1 for the machine's network address, so the nodes take other loopback addresses
// (127.0.0.2, 127.0.0.3, ...), which it keeps as given: nothing leaves the loopback range.

/** The venv's bin folder: `ray`, and the python3 the jobs run with. */
export const venvBin = dirname(inject('testPython'));
export const rayCommand = join(venvBin, 'ray');
/** Why the Ray tests cannot run here, or undefined when they can. */
export const noRayReason = existsSync(rayCommand)
  ? undefined
  : `the test venv has no ray (${rayCommand}); test/python/requirements.txt pins ray[default]`;

export interface RayNodeOptions {
  /** A loopback address other than 127.0.0.1. */
  ip: string;
  numCpus: number;
  /** Fake GPUs: Ray schedules on declared resources, so a CPU-only machine can offer them. */
  numGpus: number;
}

export interface RayCluster {
  /** The dashboard's address, what `ray job submit --address` and cluster mode take. */
  address: string;
  /** The GCS address other nodes join. */
  gcs: string;
  /** The `ray start --block` processes, head first; each leads its own process group. */
  nodes: ChildProcess[];
  /** Joins one more node to the cluster and waits until the cluster counts it. */
  addNode(options: RayNodeOptions): Promise<void>;
  stop(): Promise<void>;
}

/** Ports Ray would otherwise take at fixed defaults, which another Ray on the machine may hold. */
async function nodePorts(): Promise<string[]> {
  const [agent, agentGrpc, metrics, runtimeEnv] = await Promise.all([0, 1, 2, 3].map(() => freePort()));
  return [
    '--dashboard-agent-listen-port',
    String(agent),
    '--dashboard-agent-grpc-port',
    String(agentGrpc),
    '--metrics-export-port',
    String(metrics),
    '--runtime-env-agent-port',
    String(runtimeEnv),
  ];
}

function startNode(args: string[], dir: string, log: string): ChildProcess {
  mkdirSync(dir, { recursive: true });
  const out = openSync(log, 'a');
  try {
    // Detached: its own process group, so stop() ends the node and everything it started, and only that.
    return spawn(rayCommand, ['start', '--block', '--disable-usage-stats', ...args], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, PATH: `${venvBin}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    });
  } finally {
    closeSync(out);
  }
}

async function aliveNodes(address: string): Promise<number> {
  try {
    const reply = (await (await fetch(`${address}/api/v0/nodes?limit=100`)).json()) as {
      data?: { result?: { result?: { state: string }[] } };
    };
    return (reply.data?.result?.result ?? []).filter((n) => n.state === 'ALIVE').length;
  } catch {
    return 0;
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, nodes: ChildProcess[]): Promise<void> {
  let ok = false;
  let pending = false;
  const poll = setInterval(() => {
    if (pending) return;
    pending = true;
    void check().then((r) => {
      ok = r;
      pending = false;
    });
  }, 250);
  try {
    await until(
      () => {
        const gone = nodes.find((n) => n.exitCode !== null);
        if (gone) throw new Error(`ray start exited (code ${gone.exitCode}) while waiting for ${what}`);
        return ok;
      },
      what,
      120_000,
    );
  } finally {
    clearInterval(poll);
  }
}

/** Starts a head with the dashboard (the Jobs API) in its own temp dir under dir. */
export async function startRayCluster(dir: string, head: RayNodeOptions): Promise<RayCluster> {
  const [gcsPort, dashboardPort, clientPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const gcs = `${head.ip}:${gcsPort}`;
  const address = `http://127.0.0.1:${dashboardPort}`;
  const tempDir = join(dir, 'ray-tmp');
  const nodes: ChildProcess[] = [];
  const common = (o: RayNodeOptions) => [
    '--node-ip-address',
    o.ip,
    '--num-cpus',
    String(o.numCpus),
    '--num-gpus',
    String(o.numGpus),
  ];
  nodes.push(
    startNode(
      [
        '--head',
        ...common(head),
        '--port',
        String(gcsPort),
        '--dashboard-host',
        '127.0.0.1',
        '--dashboard-port',
        String(dashboardPort),
        '--ray-client-server-port',
        String(clientPort),
        '--temp-dir',
        tempDir,
        ...(await nodePorts()),
      ],
      join(dir, 'head'),
      join(dir, 'head.log'),
    ),
  );
  const cluster: RayCluster = {
    address,
    gcs,
    nodes,
    async addNode(o) {
      const before = await aliveNodes(address);
      nodes.push(
        startNode(
          ['--address', gcs, ...common(o), ...(await nodePorts())],
          join(dir, `node-${nodes.length}`),
          join(dir, `node-${nodes.length}.log`),
        ),
      );
      await waitFor(async () => (await aliveNodes(address)) > before, `a node to join ${gcs}`, nodes);
    },
    async stop() {
      // SIGTERM to `ray start --block` stops the node's own processes; the group kill catches stragglers.
      for (const n of [...nodes].reverse()) if (n.pid && alive(n.pid)) process.kill(n.pid, 'SIGTERM');
      await until(() => nodes.every((n) => !n.pid || !alive(n.pid)), 'the Ray nodes to stop', 60_000).catch(
        () => undefined,
      );
      for (const n of nodes)
        try {
          if (n.pid) process.kill(-n.pid, 'SIGKILL');
        } catch {
          // The group is gone already.
        }
    },
  };
  try {
    await waitFor(async () => (await aliveNodes(address)) > 0, `the Ray head at ${address}`, nodes);
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}
