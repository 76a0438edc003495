import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCAL_ALIAS, runKey } from '../../../src/core/run/runKey';

describe('run keys', () => {
  it('name a run on this machine by its directory, and one on an SSH box by alias:directory', () => {
    expect(runKey(LOCAL_ALIAS, '/home/me/.rollout-studio/runs/a')).toBe('/home/me/.rollout-studio/runs/a');
    expect(runKey('gpu-1', '/home/me/.rollout-studio/runs/a')).toBe('gpu-1:/home/me/.rollout-studio/runs/a');
  });

  it('keep two boxes’ identical paths apart, and one box’s different paths', () => {
    const dir = fc.string().map((s) => `/${s}`);
    const alias = fc.string({ minLength: 1 }).filter((a) => !a.includes(':') && !a.startsWith('/'));
    fc.assert(
      fc.property(alias, alias, dir, dir, (a, b, x, y) => {
        fc.pre(a !== b || x !== y);
        expect(runKey(a, x)).not.toBe(runKey(b, y));
      }),
    );
  });
});
