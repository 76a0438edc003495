import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CheckpointRef } from '../../../src/core/eval/evalProvenance';
import type { EvalSettings } from '../../../src/core/eval/evalSettings';
import type { Stage } from '../../../src/core/pipeline/stage';
import { launchEval, prepareEval } from '../../../src/remote/eval/launchEval';
import { LocalTarget } from '../../../src/remote/localTarget';

// Evals left on this machine before the editor starts, launched as the extension launches them
// (prepareEval, launchEval) with the stand-in eval.py of `workdir` against a policy server that answers
// /generate, each awaited until it has ended. The extension reads what they wrote itself.

export interface StandInEval {
  /** The row of the stage-comparison table. */
  stage: string;
  settings: EvalSettings;
  checkpoint: CheckpointRef;
  /** The pipeline stage record, as Evaluate Checkpoint gives an eval of a pipeline's checkpoint. */
  pipelineStage?: Stage;
  createdAt?: Date;
}

export async function runStandInEvals(
  home: string,
  workdir: string,
  evals: readonly StandInEval[],
): Promise<void> {
  const policy = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ text: '<tool_call>\n{"name": "done", "arguments": {}}\n', meta_info: {} }));
    });
  });
  await new Promise<void>((r) => policy.listen(0, '127.0.0.1', r));
  const target = new LocalTarget();
  try {
    for (const e of evals) {
      const prepared = await prepareEval(
        target,
        {
          settings: { ...e.settings, maxTasksPerDomain: 3 },
          place: {
            name: `eval ${e.stage} k${e.settings.k}`,
            box: 'local',
            workdir,
            python: 'python3',
            runsRoot: join(home, 'runs'),
            ...(e.pipelineStage ? { stage: e.pipelineStage } : {}),
          },
          stage: e.stage,
          checkpoint: e.checkpoint,
          policyUrl: `http://127.0.0.1:${(policy.address() as AddressInfo).port}/generate`,
          toolVersion: '0.0.0-test',
        },
        e.createdAt,
      );
      const launched = await launchEval(target, prepared, 'sk-e2e-not-a-real-key');
      const deadline = Date.now() + 60_000;
      for (;;) {
        const text = await readFile(join(launched.runDir, 'state.json'), 'utf8').catch(() => '{}');
        const state = JSON.parse(text) as { state?: string; exitCode?: number | null };
        if (state.state === 'exited' && state.exitCode === 0) break;
        if (state.state === 'exited') throw new Error(`eval ${e.stage} failed: ${text}`);
        if (Date.now() > deadline) throw new Error(`eval ${e.stage} did not end`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await new Promise((r) => policy.close(r));
  }
}
