import { describe, expect, it } from 'vitest';
import { hfCandidates } from '../../../src/core/eval/hfCheckpoint';
import type { RunRecord } from '../../../src/core/run/runFiles';

// A converter run as a pipeline's "Convert to Hugging Face Format" writes its run.json: slime's
// tools/convert_torch_dist_to_hf.py with --input-dir <save>/iter_%07d and --output-dir, and a stage record
// naming the save folder and iteration it consumed.
const convert = (save: string, iteration: number, output: string): RunRecord =>
  ({
    id: `convert-${iteration}`,
    name: 'grpo-hf',
    createdAt: 't',
    toolVersion: '0',
    argv: [],
    envNames: [],
    stage: {
      pipeline: 'p',
      kind: 'convert',
      consumed: [{ kind: 'checkpoint', path: save, iteration, run: 'grpo' }],
    },
    spec: {
      args: { '--input-dir': `${save}/iter_${String(iteration).padStart(7, '0')}`, '--output-dir': output },
    },
  }) as RunRecord;

describe('hfCandidates', () => {
  it("tries the folder itself, then the export of that save folder's iteration", () => {
    const runs = [
      convert('/ckpt/grpo', 19, '/ckpt/grpo_hf/iter_0000019'),
      convert('/ckpt/grpo/', 39, '/ckpt/grpo_hf/iter_0000039'),
      convert('/ckpt/sft', 39, '/ckpt/sft_hf/iter_0000039'),
    ];
    expect(hfCandidates('/ckpt/grpo', 39, runs)).toEqual(['/ckpt/grpo', '/ckpt/grpo_hf/iter_0000039']);
  });

  it('without an iteration, or with records that are not converter stages, only the folder itself', () => {
    const other = {
      ...convert('/ckpt/grpo', 39, '/x'),
      stage: { pipeline: 'p', kind: 'sft', consumed: [] },
    } as RunRecord;
    expect(hfCandidates('/ckpt/grpo', undefined, [convert('/ckpt/grpo', 39, '/x')])).toEqual(['/ckpt/grpo']);
    expect(hfCandidates('/ckpt/grpo', 39, [other])).toEqual(['/ckpt/grpo']);
  });
});
