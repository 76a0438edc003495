import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import type { RunSpecInput } from '../../../src/core/runspec/runSpec';
import { prepareLaunch } from '../../../src/remote/launch/launchRun';
import { prepareServer } from '../../../src/remote/servers/launchServer';
import { ServerSpecSchema } from '../../../src/remote/servers/serverSpec';
import type { ServerSpecInput } from '../../../src/remote/servers/serverSpec';

// Reliability figure (docs/reliability.md, "Hostile strings in run and server specs"): every string
// field of a RunSpec and of a server spec gets each hostile string below, the generated launch.sh or
// server script runs with bash, and every command the strings try to run would leave a file in MARK.
// The count of such files is the figure: it must be 0.

const dir = mkdtempSync(join(tmpdir(), 'rs-hostile-fields-'));
const MARK = join(dir, 'mark');
mkdirSync(MARK);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostile = (n: number): string[] => {
  const f = join(MARK, String(n));
  return [
    `$(touch ${f}a)`,
    `\`touch ${f}b\``,
    `x; touch ${f}c`,
    `x && touch ${f}d`,
    `x | touch ${f}e`,
    `x\ntouch ${f}f`,
    `'$(touch ${f}g)'`,
    `"$(touch ${f}h)"`,
    `\\'; touch ${f}i; '`,
    `$'\\x3b' touch ${f}j`,
    `x\rtouch ${f}k`,
    `-oProxyCommand=touch ${f}l`,
    `--help=$(touch ${f}m)`,
    `$IFS$(touch${'${IFS}'}${f}n)`,
  ];
};

// A python that accepts anything: the scripts run to their end without slime or SGLang.
const bin = join(dir, 'bin');
mkdirSync(bin);
const PYTHON = join(bin, 'python3');
writeFileSync(PYTHON, '#!/bin/sh\nexit 0\n');
chmodSync(PYTHON, 0o755);
// The `ray` a cluster-mode script calls: accepts every submission and reports nothing.
writeFileSync(join(bin, 'ray'), '#!/bin/sh\nexit 0\n');
chmodSync(join(bin, 'ray'), 0o755);

const workdir = (name: string): string => {
  const w = join(dir, 'work', name.replace(/\//g, '_'));
  mkdirSync(w, { recursive: true });
  writeFileSync(join(w, 'train.py'), '');
  return w;
};

const RUN_FIELDS: Record<string, (h: string) => Partial<RunSpecInput>> = {
  name: (h) => ({ name: h.slice(0, 80) }),
  box: (h) => ({ box: h }),
  workdir: (h) => ({ workdir: workdir(h) }),
  python: (h) => ({ python: h }),
  'args value': (h) => ({ args: { '--rollout-batch-size': 2, '--prompt-data': h } }),
  'args list': (h) => ({ args: { '--rollout-batch-size': 2, '--prompt-data': ['a', h, 'b'] } }),
  'env value': (h) => ({ env: { SOME_SETTING: h } }),
  runsRoot: (h) => ({ runsRoot: join(dir, 'runs', h.replace(/\//g, '_')) }),
  'ray.address (cluster)': (h) => ({ ray: { mode: 'cluster', address: h } }),
  'env value (head)': (h) => ({ env: { SOME_SETTING: h }, ray: { mode: 'head' } }),
};

const SERVER_FIELDS: Record<string, (h: string) => Partial<ServerSpecInput>> = {
  name: (h) => ({ name: h.slice(0, 80) }),
  modelPath: (h) => ({ modelPath: h }),
  host: (h) => ({ host: h }),
  python: (h) => ({ python: h }),
  toolCallParser: (h) => ({ toolCallParser: h }),
  reasoningParser: (h) => ({ reasoningParser: h }),
  'args value': (h) => ({ args: { '--chat-template': h } }),
  'env value': (h) => ({ env: { SOME_SETTING: h } }),
  serversRoot: (h) => ({ serversRoot: join(dir, 'servers', h.replace(/\//g, '_')) }),
};

function runBash(script: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-s'], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { HOME: dir, PATH: `${bin}:/usr/bin:/bin`, TMPDIR: dir },
    });
    child.on('close', resolve);
    child.stdin.end(script);
  });
}

test(
  'hostile strings in every RunSpec and server-spec string field execute no command',
  { timeout: 240_000 },
  async () => {
    const scripts: string[] = [];
    let n = 0;
    for (const over of Object.values(RUN_FIELDS))
      for (const h of hostile(n++)) {
        const spec = RunSpecSchema.parse({
          name: 'hostile',
          workdir: workdir('ok'),
          python: PYTHON,
          tap: false,
          runsRoot: join(dir, 'runs'),
          ...over(h),
        });
        scripts.push(prepareLaunch(spec, '0.0.0-test', new Date(Date.now() + scripts.length * 1000)).script);
      }
    for (const over of Object.values(SERVER_FIELDS))
      for (const h of hostile(n++)) {
        const spec = ServerSpecSchema.parse({
          name: 'hostile',
          modelPath: '/m',
          python: PYTHON,
          serversRoot: join(dir, 'servers'),
          ...over(h),
        });
        scripts.push(prepareServer(spec, '0.0.0-test', new Date(Date.now() + scripts.length * 1000)).script);
      }
    // A few at a time: each script is a short bash run.
    for (let i = 0; i < scripts.length; i += 4) await Promise.all(scripts.slice(i, i + 4).map(runBash));
    const executed = readdirSync(MARK);
    expect(scripts).toHaveLength(
      (Object.keys(RUN_FIELDS).length + Object.keys(SERVER_FIELDS).length) * hostile(0).length,
    );
    expect(executed).toEqual([]);
    // Every run recorded its end despite the values it carried.
    const runs = readdirSync(join(dir, 'runs'), { recursive: true, encoding: 'utf8' }).filter((p) =>
      p.endsWith('state.json'),
    );
    expect(runs.length).toBeGreaterThan(0);
    for (const p of runs) expect(JSON.parse(readFileSync(join(dir, 'runs', p), 'utf8')).state).toBe('exited');
  },
);
