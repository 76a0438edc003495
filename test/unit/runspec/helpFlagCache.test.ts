import { describe, expect, test } from 'vitest';
import type { FlagTable } from '../../../src/core/runspec/flagTable';
import { HelpFlagCache, helpCacheKey } from '../../../src/core/runspec/helpFlagCache';

const key = { box: 'gpu1', workdir: '/root/slime', python: 'python3', entry: 'train.py' };
const table: FlagTable = {
  source: 'train.py --help on gpu1 (commit 1a2b3c4d)',
  flags: new Map([
    ['--rollout-batch-size', 'value'],
    ['--colocate', 'bare'],
    ['--eval-prompt-data', 'list'],
  ]),
  openPrefixes: ['--sglang-', '--router-'],
};
const when = new Date('2026-11-27T10:00:00Z');

describe('HelpFlagCache', () => {
  test('answers for the same key and fingerprint, and not for another commit', () => {
    const cache = new HelpFlagCache();
    cache.store(key, 'git aaa', table, when);
    expect(cache.lookup(key, 'git aaa')).toEqual({
      table,
      fingerprint: 'git aaa',
      readAt: when.toISOString(),
    });
    expect(cache.lookup(key, 'git bbb')).toBeUndefined();
    expect(cache.lookup({ ...key, entry: 'train_async.py' }, 'git aaa')).toBeUndefined();
    expect(cache.lookup({ ...key, box: 'gpu2' }, 'git aaa')).toBeUndefined();
    expect(cache.lookup({ ...key, python: '/venv/bin/python' }, 'git aaa')).toBeUndefined();
  });

  test('a new commit replaces the old entry instead of keeping both', () => {
    const cache = new HelpFlagCache();
    cache.store(key, 'git aaa', table, when);
    cache.store(key, 'git bbb', { ...table, flags: new Map([['--lr', 'value']]) }, when);
    expect(cache.lookup(key, 'git aaa')).toBeUndefined();
    expect([...(cache.lookup(key, 'git bbb')?.table.flags.keys() ?? [])]).toEqual(['--lr']);
    expect(cache.toJSON().entries).toHaveLength(1);
  });

  test('round-trips through JSON (what global storage keeps across restarts)', () => {
    const cache = new HelpFlagCache();
    cache.store(key, 'git aaa', table, when);
    const again = HelpFlagCache.fromJSON(JSON.parse(JSON.stringify(cache)));
    expect(again.lookup(key, 'git aaa')?.table).toEqual(table);
    const counted = { ...table, counts: new Map([['--rampup-batch-size', 3]]) };
    cache.store(key, 'git bbb', counted, when);
    const read = HelpFlagCache.fromJSON(JSON.parse(JSON.stringify(cache)));
    expect(read.lookup(key, 'git bbb')?.table.counts).toEqual(counted.counts);
  });

  test('a trailing slash on the workdir is the same checkout', () => {
    expect(helpCacheKey({ ...key, workdir: '/root/slime/' })).toBe(helpCacheKey(key));
  });

  test('stored data that does not read is dropped entry by entry, never trusted', () => {
    const good = new HelpFlagCache();
    good.store(key, 'git aaa', table, when);
    const [entry] = good.toJSON().entries;
    const mixed = HelpFlagCache.fromJSON({
      version: 2,
      entries: [{ ...entry, key: 'other', flags: [['--x', 'weird-kind']] }, entry, 42],
    });
    expect(mixed.lookup(key, 'git aaa')?.table.flags.size).toBe(3);
    expect(mixed.toJSON().entries).toHaveLength(1);
    // Version 1 tables were read by a parser that lost every flag with a choice list: read again.
    for (const junk of [undefined, null, 'text', { version: 1, entries: [entry] }, { version: 2 }])
      expect(HelpFlagCache.fromJSON(junk).toJSON().entries).toEqual([]);
  });

  test('keeps the most recently stored checkouts when it is full', () => {
    const cache = new HelpFlagCache();
    for (let i = 0; i < 40; i++) cache.store({ ...key, workdir: `/w/${i}` }, 'git aaa', table, when);
    cache.store({ ...key, workdir: '/w/5' }, 'git aaa', table, when);
    const kept = cache.toJSON().entries.map((e) => (JSON.parse(e.key) as string[])[1]);
    expect(kept).toHaveLength(32);
    expect(kept).not.toContain('/w/0');
    expect(kept.at(-1)).toBe('/w/5');
  });

  test('a failure is remembered for the fingerprint it happened at, and never persisted', () => {
    const cache = new HelpFlagCache();
    cache.noteFailure(key, 'git aaa');
    expect(cache.failed(key, 'git aaa')).toBe(true);
    expect(cache.failed(key, 'git bbb')).toBe(false);
    expect(HelpFlagCache.fromJSON(cache.toJSON()).failed(key, 'git aaa')).toBe(false);
    cache.store(key, 'git aaa', table, when);
    expect(cache.failed(key, 'git aaa')).toBe(false);
  });
});
