import type { EvalProvenance } from '../../../src/core/eval/evalProvenance';
import { evalResult } from '../../../src/core/eval/evalResult';
import type { EvalResult } from '../../../src/core/eval/evalResult';
import { COOKBOOK_PASS_AT_1, COOKBOOK_PASS_AT_K } from '../../../src/core/eval/evalSettings';
import type { EvalSettings } from '../../../src/core/eval/evalSettings';
import type { TrajectorySample } from '../../../src/core/trajectory/sample';

export const PIN = '337326e62d8e0ca74c353b004a9c5d748e0ba914';

/** One attempt of a task: only what the metrics read. */
export function attempt(domain: string, task: string, index: number, reward: number): TrajectorySample {
  return {
    id: `${domain}/${task}/${index}`,
    source: { file: 'test' },
    step: 0,
    evaluation: true,
    group: `${domain}/${task}`,
    index,
    taskId: task,
    domain,
    status: 'completed',
    reward: { value: reward, raw: reward },
    turns: [],
    metadata: {},
    lengths: { turns: 0 },
  };
}

/** Tasks of a domain given as their attempts' rewards, e.g. [[1, 0], [0, 0]]. */
export function attempts(domain: string, tasks: number[][]): TrajectorySample[] {
  return tasks.flatMap((rewards, t) => rewards.map((r, i) => attempt(domain, String(t), i, r)));
}

export function provenance(
  stage: string,
  settings: EvalSettings,
  createdAt: string,
  commit: string | null = PIN,
): EvalProvenance {
  return {
    v: 1,
    stage,
    checkpoint: { box: 'box', checkpointDir: `/ckpt/${stage}`, hfCheckpoint: `/hf/${stage}` },
    settings,
    tau2: {
      commit,
      source: commit === null ? 'tau2 is not importable by this Python' : 'git checkout at /tau2',
    },
    policyUrl: 'http://127.0.0.1:30000/generate',
    createdAt,
  };
}

let clock = 0;

/** An eval of a stage: pass@1 (greedy, one attempt) or pass@4 (sampled), with its success pattern per domain. */
export function stageEval(
  stage: string,
  kind: 'pass@1' | 'pass@4',
  tasks: Record<string, number[][]>,
  change: (s: EvalSettings) => EvalSettings = (s) => s,
  commit: string | null = PIN,
): EvalResult {
  const settings = change(structuredClone(kind === 'pass@1' ? COOKBOOK_PASS_AT_1 : COOKBOOK_PASS_AT_K));
  const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();
  const samples = Object.entries(tasks).flatMap(([domain, t]) => attempts(domain, t));
  return evalResult(`/runs/${stage}-${kind}`, provenance(stage, settings, createdAt, commit), samples, null);
}
