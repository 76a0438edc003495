import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTau2ResultsFile } from '../../../src/core/importers/tau2Results';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RunStore } from '../../../src/core/store/runStore';
import { SampleColumns } from '../../../src/core/store/sampleColumns';
import { TextSearch } from '../../../src/core/store/textSearch';
import { textMatcher } from '../../../src/core/store/visibleText';
import type { Profile } from '../../../src/core/toolcall/types';
import { toTapRecords } from '../../../src/core/trajectory/toTapRecords';
import { RunViewerData } from '../../../src/core/viewer/runViewerData';
import { DEFAULT_VIEWER_QUERY, sampleKeyString } from '../../../src/shared/protocol';
import { sampleEntry } from '../sampleEntry';

const PROFILE: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };
const TAU2 = new URL(
  '../../fixtures/upstream/tau2/gpt-4.1_telecom_no-user_4trials_5tasks.json',
  import.meta.url,
);

/** What a person reads in a record, worked out by parsing it whole: every string value, decoded. */
function shownStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(shownStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(shownStrings);
  return [];
}

describe('the record text search', () => {
  it('reads the text a person sees: decoded strings, any case, not field names or escapes', () => {
    const json = JSON.stringify({
      role: 'tool',
      content: '{"full_name": "John Smith"}\nline two',
      note: 'caf\u00e9',
    });
    const pythonJson = json.replace('\u00e9', '\\u00e9'); // json.dumps with ensure_ascii
    const finds = (q: string, j = json) => textMatcher(q)(j);
    expect(finds('JOHN smith')).toBe(true);
    expect(finds('"full_name": "John Smith"')).toBe(true);
    expect(finds('}\nline')).toBe(true);
    expect(finds('CAFÉ', pythonJson)).toBe(true);
    expect(finds('role')).toBe(false);
    expect(finds('\\n')).toBe(false);
    expect(finds('\\"full_name')).toBe(false);
    expect(finds('"tool"')).toBe(false);
    expect(finds('')).toBe(true);
  });

  it('reads a string value of 12 MB (a regex scan overflowed the stack) and strings full of escaped quotes', () => {
    const long = `${'tool output '.repeat(1_000_000)}needle at the end`;
    const json = JSON.stringify({ role: 'tool', content: long, tail: 'a\\"b\\\\', 'key"x': 'v' });
    const finds = (q: string) => textMatcher(q)(json);
    expect(json.length).toBeGreaterThan(12_000_000);
    expect(finds('NEEDLE AT THE END')).toBe(true);
    expect(finds('a\\"b\\\\')).toBe(true);
    expect(finds('key"x')).toBe(false);
    expect(finds('v')).toBe(true);
    expect(finds('missing')).toBe(false);
  });

  describe('on a real tau2 run, the explorer and the viewer answer one query alike', () => {
    let dir: string;
    let store: RunStore;
    let data: RunViewerData;
    let lines: string[];

    beforeAll(async () => {
      const imported = importTau2ResultsFile(readFileSync(TAU2, 'utf8'), 'tau2.json');
      lines = toTapRecords(imported.samples, imported.steps).map((r) => JSON.stringify(r));
      dir = mkdtempSync(join(tmpdir(), 'rs-text-search-'));
      store = await RunStore.open(dir, 'test', { annotate: sampleAnnotator(PROFILE) });
      data = new RunViewerData('run', store, PROFILE, () => {}, 5);
      store.ingest(Buffer.from(`${lines.join('\n')}\n`));
      await store.flush();
      await data.idle();
    });

    afterAll(() => {
      data.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it.each([
      // Case differs from the record (the viewer used to look for it as typed).
      ['john smith'],
      // Quotes inside a tool result: escaped in the JSON, plain on screen (the explorer used to miss it).
      ['"account_status": "Active"'],
      // A field name of every record: not text anyone reads (the explorer used to match all 20).
      ['termination_reason'],
      ['get_customer_by_phone'],
      ['###STOP###'],
    ])('“%s”', async (query) => {
      expect(store.samples.length).toBe(20);
      const explorer = await store.searchText(query);
      const fromExplorer = store.samples
        .slice()
        .filter((e) => explorer.has(e.offset))
        .map((e) => sampleKeyString(e));
      const fromViewer = (await data.matchingRows({ ...DEFAULT_VIEWER_QUERY, search: query })).map((r) =>
        sampleKeyString(r.key),
      );
      const expected = store.samples
        .slice()
        .filter((_, i) =>
          shownStrings(JSON.parse(lines[i]!)).some((s) => s.toLowerCase().includes(query.toLowerCase())),
        )
        .map((e) => sampleKeyString(e));
      expect(fromExplorer).toEqual(expected);
      expect([...fromViewer].sort()).toEqual([...expected].sort());
    });
  });
});

describe('a search over a growing mirror', () => {
  it('looks at a record once it is wholly written, and at samples that arrive after it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-text-grow-'));
    try {
      const file = join(dir, 'records.jsonl');
      const lines = ['{"content":"no"}', '{"content":"Needle one"}', '{"content":"needle two"}'];
      const columns = new SampleColumns();
      let offset = 0;
      for (const [index, line] of lines.entries()) {
        columns.push(sampleEntry({ offset, length: Buffer.byteLength(line), index }));
        offset += Buffer.byteLength(line) + 1;
      }
      // The third record is half on disk: a reader must not judge it by its first half.
      writeFileSync(file, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 14)}`);
      const search = new TextSearch('NEEDLE', () => file, columns);
      search.kick();
      await search.idle();
      expect([...search.matches]).toEqual([1]);
      expect(search.scanned).toBe(2);
      appendFileSync(file, `${lines[2]!.slice(14)}\n`);
      search.kick();
      await search.idle();
      expect([...search.matches]).toEqual([1, 2]);
      expect(search.scanned).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
