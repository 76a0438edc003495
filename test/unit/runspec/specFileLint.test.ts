import { describe, expect, test } from 'vitest';
import { lintSpecFile } from '../../../src/core/runspec/specFileLint';

const at = (text: string, offset: number, length: number) => text.slice(offset, offset + length);

describe('run spec file lint', () => {
  test('each finding sits on the key it is about', () => {
    const text = JSON.stringify(
      {
        name: 'r',
        workdir: '/root/slime',
        tap: false,
        args: { '--rollout-batch-sise': 8, '--rollout-temperature': 0, '--colocate': 3 },
        env: { WANDB_API_KEY: 'x' },
        secretEnv: ['WANDB_API_KEY'],
      },
      null,
      2,
    );
    const found = lintSpecFile(text).map((f) => [f.code, f.severity, at(text, f.offset, f.length)]);
    expect(found).toContainEqual(['RS101', 'warning', '"--rollout-batch-sise"']);
    expect(found).toContainEqual(['RS102', 'error', '"--colocate"']);
    expect(found).toContainEqual(expect.arrayContaining(['"--rollout-temperature"']));
    expect(found).toContainEqual(['RS301', 'error', '"WANDB_API_KEY"']);
    // --rollout-batch-size is required and absent: the finding lands on "args".
    expect(found.filter((f) => f[2] === '"args"').length).toBeGreaterThan(0);
  });

  test('the box table makes an unknown flag an error', () => {
    const text =
      '{ "name": "r", "workdir": "/w", "tap": false, "args": { "--rollout-batch-size": 2, "--nope": 1 } }';
    const helpTable = {
      source: 'train.py --help on gpu',
      flags: new Map([['--rollout-batch-size', 'value' as const]]),
      openPrefixes: [],
    };
    const [f] = lintSpecFile(text, { helpTable }).filter((x) => x.code === 'RS101');
    expect(f).toMatchObject({ severity: 'error', flag: '--nope' });
    expect(at(text, f?.offset ?? 0, f?.length ?? 0)).toBe('"--nope"');
  });

  test('syntax and schema errors are left to the JSON service', () => {
    expect(lintSpecFile('{ "name": ')).toEqual([]);
    expect(lintSpecFile('{ "name": "r" }')).toEqual([]);
    expect(lintSpecFile('[1, 2]')).toEqual([]);
    // Comments are fine in these files; the lint still runs.
    const commented =
      '// a comment\n{ "name": "r", "workdir": "/w", "tap": false, "args": { "--rollout-batch-size": 2 } }';
    expect(lintSpecFile(commented).map((f) => f.code)).toEqual(['RS215']);
  });
});
