import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runSpecJsonSchema } from '../../../src/core/runspec/runSpecJsonSchema';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';

const committed = join(__dirname, '../../../media/schemas/runspec.schema.json');

describe('run-spec JSON Schema', () => {
  test('the copy package.json points editors at equals the schema generated from the zod spec', () => {
    const generated = `${JSON.stringify(runSpecJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') {
      // Regenerate with UPDATE_SCHEMA=1 npx vitest run test/unit/runspec/schema.test.ts
      writeFileSync(committed, generated);
    }
    // Compared as data: the committed file is formatted by prettier like every other file.
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(runSpecJsonSchema());
  });

  test('it describes args values and requires only what the spec requires', () => {
    const schema = runSpecJsonSchema() as {
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.required.sort()).toEqual(['name', 'workdir']);
    expect(schema.properties.args?.description).toMatch(/true = bare flag/);
    expect(schema.properties.secretEnv?.description).toMatch(/0600/);
  });

  test('the zod spec applies defaults and rejects a flag key that is not a long flag', () => {
    const spec = RunSpecSchema.parse({ name: 'x', workdir: '/w' });
    expect(spec).toMatchObject({
      box: 'local',
      entry: 'train.py',
      python: 'python3',
      tap: true,
      ray: { mode: 'direct' },
    });
    expect(
      RunSpecSchema.safeParse({ name: 'x', workdir: '/w', args: { 'rollout-batch-size': 1 } }).success,
    ).toBe(false);
    expect(RunSpecSchema.safeParse({ name: 'x', workdir: '/w', ray: { mode: 'cluster' } }).success).toBe(
      false,
    );
    expect(RunSpecSchema.safeParse({ name: 'x', workdir: '/w', secretEnv: ['BAD-NAME'] }).success).toBe(
      false,
    );
  });
});
