import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wandbRunUrl } from '../../../src/core/runspec/wandbRunUrl';

const LINES = readFileSync(
  join(import.meta.dirname, '../../fixtures/upstream/wandb/console-lines.txt'),
  'utf8',
).split('\n');

describe("the W&B run link in a run's console", () => {
  it("finds the run page in wandb's own start and finish lines, and nothing in the others", () => {
    const found = LINES.map(wandbRunUrl).filter((u) => u !== null);
    expect(found).toEqual([
      'https://wandb.ai/brando/huggingface/runs/7tns0d5y',
      'https://wandb.ai/jesswan-university-of-chicago/E3SM-SRM-SFNO/runs/obrzoutm',
      'https://wandb.ai/neilsambhu/train_rl_experts/runs/145iz2ht',
      'https://wandb.ai/anony-mouse-279369/[YOUR-RUN-URL]',
      'https://wandb.ai/nico/awesome-project/runs/1jx1ud12',
    ]);
  });

  it("reads the line behind Ray's prefix and terminal colours, as a slime actor's output arrives", () => {
    expect(
      wandbRunUrl(
        '(MegatronTrainRayActor pid=2087) \x1b[34m\x1b[1mwandb\x1b[0m: 🚀 View run at \x1b[34m\x1b[4mhttps://wandb.example.org/team/slime/runs/abc123\x1b[0m',
      ),
    ).toBe('https://wandb.example.org/team/slime/runs/abc123');
  });

  it('takes no link that is not http(s), nor a project link', () => {
    expect(wandbRunUrl('wandb: 🚀 View run at javascript:alert(1)')).toBeNull();
    expect(wandbRunUrl('wandb: ⭐️ View project at https://wandb.ai/nico/awesome-project')).toBeNull();
    expect(wandbRunUrl('INFO View run at https://wandb.ai/x/y/runs/z')).toBeNull();
  });
});
