import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAVED_VIEWS_FILE, SavedViewsFile } from '../../../src/core/store/savedViews';
import type { SavedView } from '../../../src/core/store/savedViews';

const view = (name: string, filter: string): SavedView => ({
  name,
  filter,
  search: '',
  sort: { column: 'reward', descending: true },
  savedAt: '2026-12-07T20:00:00.000Z',
});
const key = (index: number) => ({ step: 3, evaluation: false, group: 1, index });

describe('saved-views.json beside a run store', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-views-'));
    path = join(dir, SAVED_VIEWS_FILE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty and reads back what was saved, in a new object as after a reload', async () => {
    const file = new SavedViewsFile(dir);
    expect(await file.read()).toEqual({ views: [], pins: [], problems: [] });
    await file.saveView(view('low reward', 'reward < 1'));
    await file.saveView(view('errors', 'errors > 0'));
    // Saving under a name already taken replaces that view.
    await file.saveView(view('low reward', 'reward < 0.5'));
    const note = 'loops after </think> — <b>not</b> HTML, "quotes", \u2028 and a\nsecond line';
    await file.pin(key(0), note, new Date('2026-12-07T21:00:00Z'));
    await file.pin(key(1), 'other');
    await file.pin(key(0), 'edited: ' + note, new Date('2026-12-07T22:00:00Z'));
    await file.unpin(key(1));
    await file.deleteView('errors');

    const again = await new SavedViewsFile(dir).read();
    expect(again.problems).toEqual([]);
    expect(again.views).toEqual([view('low reward', 'reward < 0.5')]);
    // Editing a note keeps when the sample was pinned.
    expect(again.pins).toEqual([
      { key: key(0), note: 'edited: ' + note, pinnedAt: '2026-12-07T21:00:00.000Z' },
    ]);
    expect(readdirSync(dir)).toEqual([SAVED_VIEWS_FILE]);
  });

  it('refuses a note longer than the limit and keeps the file as it was', async () => {
    const file = new SavedViewsFile(dir);
    await file.pin(key(0), 'kept');
    await expect(file.pin(key(1), 'x'.repeat(10_001))).rejects.toThrow(/note/);
    expect((await file.read()).pins.map((p) => p.note)).toEqual(['kept']);
  });

  it('names the file, entry and field of a bad entry, reads the rest, and writes the bad one back as it was', async () => {
    const badPin = {
      key: { step: 'three', evaluation: false, group: 1, index: 0 },
      note: 'n',
      pinnedAt: 'x',
    };
    const badView = { name: '', filter: 'reward < 1' };
    writeFileSync(
      path,
      JSON.stringify({
        format: 1,
        views: [view('kept', 'errors > 0'), badView],
        pins: [badPin, { key: key(2), note: 'good', pinnedAt: 't' }],
      }),
    );
    const file = new SavedViewsFile(dir);
    const read = await file.read();
    expect(read.views.map((v) => v.name)).toEqual(['kept']);
    expect(read.pins.map((p) => p.note)).toEqual(['good']);
    expect(read.problems).toHaveLength(2);
    expect(read.problems[0]).toContain(`${path}: views[1].name:`);
    expect(read.problems[1]).toContain(`${path}: pins[0].key.step:`);

    await file.pin(key(3), 'new');
    const written = JSON.parse(readFileSync(path, 'utf8')) as { views: unknown[]; pins: unknown[] };
    expect(written.views).toContainEqual(badView);
    expect(written.pins).toContainEqual(badPin);
    expect((await file.read()).pins.map((p) => p.note)).toEqual(['good', 'new']);
  });

  it('says where a file that is not JSON is wrong, and keeps its text aside before starting a new one', async () => {
    writeFileSync(path, '{"format": 1, "views": [');
    const file = new SavedViewsFile(dir);
    const read = await file.read();
    expect(read.views).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}: not JSON \\(`));

    const after = await file.saveView(view('fresh', 'status == aborted'));
    expect(after.problems[0]).toContain('saved-views.unreadable-');
    const aside = readdirSync(dir).filter((n) => n.startsWith('saved-views.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"format": 1, "views": [');
    expect((await file.read()).views.map((v) => v.name)).toEqual(['fresh']);
  });

  it('names the field when the file is JSON of the wrong shape', async () => {
    writeFileSync(path, JSON.stringify({ format: 1, views: {}, pins: [] }));
    const read = await new SavedViewsFile(dir).read();
    expect(read.problems[0]).toContain(`${path}: views:`);
  });

  it('loses no write when many come at once, from one object or several', async () => {
    const a = new SavedViewsFile(dir);
    const b = new SavedViewsFile(dir);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0 ? a.pin(key(i), `note ${i}`) : b.saveView(view(`view ${i}`, `index == ${i}`)),
      ),
    );
    const read = await a.read();
    expect(read.problems).toEqual([]);
    expect(read.pins.map((p) => p.key.index).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 2),
    );
    expect(read.views).toHaveLength(20);
    // No temp file is left behind.
    expect(readdirSync(dir)).toEqual([SAVED_VIEWS_FILE]);
  });
});
