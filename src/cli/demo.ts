import { DEMO_RUN_ID, writeDemoRun } from '../remote/demo/writeDemoRun';
import { mediaFile } from './convert';
import { parseCommandArgs } from './commandArgs';

const USAGE = `Usage: rollout-studio demo <runs-root> [--steps N] [--interval-ms MS]

Replays a demo GRPO run (tau2-style trajectories, labelled as demo data) into
<runs-root>/${DEMO_RUN_ID}/ the way a real run writes its files: run.json, state.json,
console.log and an append-only rollouts.jsonl. The samples go through the same Python tap a
real run loads into slime, so python3 is needed ($ROLLOUT_STUDIO_PYTHON picks another); no GPU
is. Samples arrive one by one, MS apart (default 400); --interval-ms 0 writes everything at once.`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function runDemoCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      steps: { type: 'string', default: '12' },
      'interval-ms': { type: 'string', default: '400' },
    },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const steps = Number(parsed.values.steps);
  const interval = Number(parsed.values['interval-ms']);
  const root = parsed.positionals[0];
  if (root === undefined || parsed.positionals.length > 1 || !(steps >= 1) || !(interval >= 0)) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const replaySamples = mediaFile('tap/replay_samples.py');
  const convertTrain = mediaFile('convert_debug_train.py');
  if (replaySamples === undefined || convertTrain === undefined) {
    const missing = replaySamples === undefined ? 'tap/replay_samples.py' : 'convert_debug_train.py';
    io.stderr(`rollout-studio demo: media/${missing} is missing next to the CLI\n`);
    return 2;
  }
  try {
    await writeDemoRun(
      root,
      { python: process.env.ROLLOUT_STUDIO_PYTHON ?? 'python3', replaySamples, convertTrain },
      {
        steps,
        intervalMs: interval,
        stepWritten: (step, samples, mean) =>
          io.stdout(`demo step ${step}: ${samples} samples, reward mean ${mean?.toFixed(3)}\n`),
      },
    );
  } catch (e) {
    io.stderr(`rollout-studio demo: ${(e as Error).message}\n`);
    return 2;
  }
  return 0;
}
