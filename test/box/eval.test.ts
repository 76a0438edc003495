import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { EVAL_FILES } from '../../src/core/eval/evalProvenance';
import { EvalResultSchema } from '../../src/core/eval/evalResult';
import { COOKBOOK_PASS_AT_K, EVAL_SCRIPT } from '../../src/core/eval/evalSettings';
import { RunStateSchema } from '../../src/core/run/runFiles';
import { collectEval } from '../../src/remote/eval/collectEval';
import { launchEval, prepareEval } from '../../src/remote/eval/launchEval';
import { discoverRuns } from '../../src/remote/runDiscovery';
import { launchServer, prepareServer } from '../../src/remote/servers/launchServer';
import { serverReady } from '../../src/remote/servers/serverReady';
import { ServerSpecSchema } from '../../src/remote/servers/serverSpec';
import type { SshTarget } from '../../src/remote/sshTarget';
import { useSglangBox } from './harness/sglangBox';
import { tau2Checkout } from './harness/tau2Checkout';

// The eval half of the recipe on a real sshd box: a policy server (the stand-in SGLang) started from
// the checkpoint, the stand-in eval.py launched as a run with the cookbook's pass@4 settings and an
// endpoint user simulator whose key travels as a secret, and its report and tau2 Results read back.

const STANDIN = resolve(__dirname, '../fixtures/box/slime', EVAL_SCRIPT);
const KEY = "sk-test 'quoted' $(not run)";
const tau2 = tau2Checkout();
const tau2Head = tau2.head;
const box = useSglangBox('rs-eval-box-', [tau2.src]);
let target: SshTarget;
let root: string;
let workdir: string;

beforeAll(async () => {
  ({ target, dir: root } = box());
  // A slime checkout holding the eval script.
  workdir = join(root, 'slime');
  await mkdir(join(workdir, 'examples/tau-bench/tau2'), { recursive: true });
  await symlink(STANDIN, join(workdir, EVAL_SCRIPT));
});
afterAll(() => tau2.remove());

const until = async <T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

test('a checkpoint is evaluated against a policy server on the box, and every figure keeps its provenance', async () => {
  const hf = join(root, 'ckpt/grpo/hf_39');
  await mkdir(hf, { recursive: true });
  const port = await freePort();
  const server = ServerSpecSchema.parse({
    name: 'hf_39 (policy)',
    modelPath: hf,
    port,
    toolCallParser: 'qwen25',
    serversRoot: join(root, 'servers'),
  });
  const started = await launchServer(target, prepareServer(server, '0.0.0-test'));
  expect((await serverReady(target, started.dir, 30_000)).status).toBe('ready');

  const settings = { ...COOKBOOK_PASS_AT_K, maxTasksPerDomain: 3 };
  const prepared = await prepareEval(target, {
    settings,
    place: { name: 'eval GRPO', box: 'box', workdir, python: 'python3', runsRoot: join(root, 'runs') },
    stage: 'GRPO',
    checkpoint: { box: 'box', runKey: 'box:/runs/grpo', iteration: 39, checkpointDir: hf, hfCheckpoint: hf },
    policyUrl: `http://127.0.0.1:${port}/generate`,
    toolVersion: '0.0.0-test',
  });
  expect(prepared.provenance.tau2).toEqual({
    commit: tau2Head,
    source: expect.stringMatching(/^git checkout at /),
  });
  const launched = await launchEval(target, prepared, KEY);
  const state = await until('the eval to exit', async () => {
    const s = RunStateSchema.parse(JSON.parse(await readFile(join(launched.runDir, 'state.json'), 'utf8')));
    return s.state === 'exited' ? s : undefined;
  });
  expect(state.exitCode).toBe(0);

  // eval.py got the cookbook's flags, sent its sampling parameters to the policy server, and had the key.
  const argv = JSON.parse(
    await readFile(join(launched.runDir, 'standin-eval-argv.json'), 'utf8'),
  ) as string[];
  expect(argv.join(' ')).toContain(
    '--domains airline,retail,telecom --task-split test --num-samples 4 --temperature 0.8 --top-p 1 --top-k 20',
  );
  expect(
    JSON.parse(await readFile(join(launched.runDir, 'standin-eval-sampling.json'), 'utf8')),
  ).toMatchObject({
    temperature: 0.8,
    top_p: 1,
    top_k: 20,
  });
  expect(await readFile(join(launched.runDir, 'standin-eval-key.txt'), 'utf8')).toBe(
    createHash('sha256').update(KEY).digest('hex'),
  );
  expect(existsSync(join(launched.runDir, '.secrets'))).toBe(false);
  for (const f of ['launch.sh', 'run.json', 'console.log', EVAL_FILES.provenance])
    expect(await readFile(join(launched.runDir, f), 'utf8')).not.toContain('sk-test');
  // The policy server answered one /generate per attempt: 3 domains x 3 tasks x 4 attempts.
  const serverLog = await readFile(join(started.dir, 'console.log'), 'utf8');
  expect(serverLog.match(/"sampling_params"/g)?.length ?? 0).toBeGreaterThanOrEqual(36);

  const { result, problems } = await collectEval(target, launched.runDir);
  expect(problems).toEqual([]);
  expect(result.provenance).toMatchObject({
    stage: 'GRPO',
    checkpoint: { iteration: 39, hfCheckpoint: hf },
    settings: { k: 4, decoding: { temperature: 0.8, topP: 1, topK: 20 }, split: 'test' },
    tau2: { commit: tau2Head },
  });
  expect(result.provenance.settings.userSimulator).toMatchObject({ model: 'gpt-4.1-mini', temperature: 0.7 });
  // The Results files name the same tau2 commit the probe found.
  expect(result.resultsCommit).toBe(tau2Head);
  expect(result.tasks).toEqual({ airline: 3, retail: 3, telecom: 3 });
  // The first three tasks of the real run: the first fails all its trials, the other two pass all four.
  for (const d of result.domains) expect(d).toMatchObject({ tasks: 3, attempts: 12 });
  expect(result.overall.passAt1).toBeCloseTo(2 / 3, 12);
  expect(result.overall.passAtK).toBeCloseTo(2 / 3, 12);
  expect(result.overall.passHatK).toBeCloseTo(2 / 3, 12);
  expect(result.trajectories).toBe(36);

  // The attempts are the run's rollouts (with their conversations), and the figures are kept beside them.
  const records = (await readFile(join(launched.runDir, 'rollouts.jsonl'), 'utf8')).trim().split('\n');
  expect(records).toHaveLength(36);
  const first = JSON.parse(records[0]!) as { evaluation: boolean; messages: unknown[]; metadata: unknown };
  expect(first.evaluation).toBe(true);
  expect(first.messages.length).toBeGreaterThan(10);
  const saved = EvalResultSchema.parse(
    JSON.parse(await readFile(join(launched.runDir, EVAL_FILES.result), 'utf8')),
  );
  expect(saved.overall).toEqual(result.overall);
  const found = await discoverRuns(target, join(root, 'runs'));
  expect(found.runs.find((r) => r.record.id === launched.runId)?.state?.state).toBe('exited');
});

test('an eval whose policy server is not there fails, and says so in its console', async () => {
  const prepared = await prepareEval(target, {
    settings: { ...COOKBOOK_PASS_AT_K, k: 1, maxTasksPerDomain: 1 },
    place: { name: 'eval nothing', box: 'box', workdir, python: 'python3', runsRoot: join(root, 'runs') },
    stage: 'SFT',
    checkpoint: { box: 'box', checkpointDir: '/none', hfCheckpoint: '/none' },
    policyUrl: `http://127.0.0.1:${await freePort()}/generate`,
    toolVersion: '0.0.0-test',
  });
  const launched = await launchEval(target, prepared);
  const state = await until('the eval to exit', async () => {
    const s = RunStateSchema.parse(JSON.parse(await readFile(join(launched.runDir, 'state.json'), 'utf8')));
    return s.state === 'exited' ? s : undefined;
  });
  expect(state.exitCode).not.toBe(0);
  expect(await readFile(join(launched.runDir, 'console.log'), 'utf8')).toMatch(/Connection refused/);
  await expect(collectEval(target, launched.runDir)).rejects.toThrow(
    /the eval wrote no report; see .*console\.log/,
  );
});
