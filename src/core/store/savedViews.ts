import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import type { SampleKey, SortColumn } from '../../shared/protocol';
import { sameSample } from '../../shared/protocol';

// A run's saved views (named filters) and pinned samples (each with a note), kept beside the run's local
// store in saved-views.json. Each entry is checked on its own: one the schema refuses is reported (file,
// entry, field) and written back as it was, so a hand edit gone wrong never costs the other entries. A
// file that is not JSON at all is kept aside under another name before anything replaces it.
// Writes go to a temp file renamed into place, one at a time per file in this process; another process
// cannot write it meanwhile, because a run's store folder is held by one VS Code window (storeLock.ts).

export const SAVED_VIEWS_FILE = 'saved-views.json';
const FORMAT = 1;
/** Notes are the user's text: generous, but bounded so a paste cannot make the file unreadable. */
export const MAX_NOTE_CHARS = 10_000;
export const MAX_VIEW_NAME_CHARS = 200;

const SORT_COLUMNS = [
  'step',
  'group',
  'task',
  'reward',
  'shaped',
  'advantage',
  'status',
  'turns',
  'calls',
  'diagnostics',
  'length',
] as const satisfies readonly SortColumn[];

const SavedViewSchema = z.object({
  name: z.string().min(1).max(MAX_VIEW_NAME_CHARS),
  filter: z.string(),
  search: z.string(),
  sort: z.object({ column: z.enum(SORT_COLUMNS), descending: z.boolean() }),
  savedAt: z.string(),
});

const PinSchema = z.object({
  key: z.object({
    step: z.int(),
    evaluation: z.boolean(),
    group: z.int(),
    index: z.int(),
  }),
  note: z.string().max(MAX_NOTE_CHARS),
  pinnedAt: z.string(),
});

const FileSchema = z.object({
  format: z.literal(FORMAT),
  views: z.array(z.unknown()),
  pins: z.array(z.unknown()),
});

export type SavedView = z.infer<typeof SavedViewSchema>;
export type Pin = z.infer<typeof PinSchema>;

export interface SavedViews {
  views: SavedView[];
  pins: Pin[];
  /** What could not be read, each naming the file and the field; the rest was read. */
  problems: string[];
}

/** What a read found, with the entries it could not read, which a write keeps as they were. */
interface Parsed extends SavedViews {
  unreadViews: unknown[];
  unreadPins: unknown[];
  /** The file is not a saved-views file at all (not JSON, wrong shape): a write keeps it aside first. */
  unreadable: boolean;
}

/** A zod path as a field name, e.g. pins[2].key.step. */
const field = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') ||
  '(root)';

const START_OVER = `fix it, or save a view or pin to start a new file (this one is then kept beside it as saved-views.unreadable-<time>.json)`;

function parse(file: string, text: string | undefined): Parsed {
  const empty: Parsed = {
    views: [],
    pins: [],
    problems: [],
    unreadViews: [],
    unreadPins: [],
    unreadable: false,
  };
  if (text === undefined) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return {
      ...empty,
      unreadable: true,
      problems: [`${file}: not JSON (${(e as Error).message}); ${START_OVER}`],
    };
  }
  const top = FileSchema.safeParse(raw);
  if (!top.success) {
    const issue = top.error.issues[0]!;
    return {
      ...empty,
      unreadable: true,
      problems: [`${file}: ${field(issue.path)}: ${issue.message}; ${START_OVER}`],
    };
  }
  const out: Parsed = { ...empty };
  const each = <T>(list: unknown[], name: 'views' | 'pins', schema: z.ZodType<T>, ok: T[], bad: unknown[]) =>
    list.forEach((entry, i) => {
      const r = schema.safeParse(entry);
      if (r.success) return ok.push(r.data);
      bad.push(entry);
      const issue = r.error.issues[0]!;
      out.problems.push(
        `${file}: ${field([name, i, ...issue.path])}: ${issue.message}; this entry is left out until it is fixed, and saving keeps it as it is`,
      );
    });
  each(top.data.views, 'views', SavedViewSchema, out.views, out.unreadViews);
  each(top.data.pins, 'pins', PinSchema, out.pins, out.unreadPins);
  return out;
}

/** The value as the schema reads it, else an error naming the field, before anything is written. */
function valid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Error(`Cannot save ${what}: ${field(issue.path)}: ${issue.message}`);
}

/** One write at a time per file in this process, whichever object asked (see the note at the top). */
const queues = new Map<string, Promise<unknown>>();
let tempCounter = 0;

/** A run's saved-views.json, in the run's store folder. */
export class SavedViewsFile {
  readonly path: string;

  constructor(storeDir: string) {
    this.path = join(storeDir, SAVED_VIEWS_FILE);
  }

  async read(): Promise<SavedViews> {
    const { views, pins, problems } = parse(this.path, await this.text());
    return { views, pins, problems };
  }

  private async text(): Promise<string | undefined> {
    try {
      return await fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Saves the view under its name, replacing a view of that name. */
  async saveView(view: SavedView): Promise<SavedViews> {
    const checked = valid(SavedViewSchema, view, 'the view');
    return this.update((c) => {
      const at = c.views.findIndex((v) => v.name === checked.name);
      if (at >= 0) c.views[at] = checked;
      else c.views.push(checked);
    });
  }

  deleteView(name: string): Promise<SavedViews> {
    return this.update((c) => {
      c.views = c.views.filter((v) => v.name !== name);
    });
  }

  /** Pins the sample with a note, or changes the note of a pinned one (keeping when it was pinned). */
  async pin(key: SampleKey, note: string, now = new Date()): Promise<SavedViews> {
    const checked = valid(PinSchema, { key, note, pinnedAt: now.toISOString() }, 'the pin');
    return this.update((c) => {
      const old = c.pins.find((p) => sameSample(p.key, key));
      if (old) old.note = checked.note;
      else c.pins.push(checked);
    });
  }

  unpin(key: SampleKey): Promise<SavedViews> {
    return this.update((c) => {
      c.pins = c.pins.filter((p) => !sameSample(p.key, key));
    });
  }

  /**
   * Reads the file as it is now, changes it and writes it back, after any write to it already under
   * way. Resolves to what the file holds afterwards.
   */
  private update(change: (c: Parsed) => void): Promise<SavedViews> {
    const previous = queues.get(this.path) ?? Promise.resolve();
    const next = previous.then(async () => {
      const text = await this.text();
      const current = parse(this.path, text);
      if (current.unreadable && text !== undefined) {
        const aside = this.asidePath();
        await fs.rename(this.path, aside);
        current.problems = [`${this.path} could not be read; its text is kept as ${aside}`];
      }
      change(current);
      const written = {
        format: FORMAT,
        views: [...current.views, ...current.unreadViews],
        pins: [...current.pins, ...current.unreadPins],
      };
      const temp = join(dirname(this.path), `.${SAVED_VIEWS_FILE}.${process.pid}.${tempCounter++}.tmp`);
      await fs.writeFile(temp, `${JSON.stringify(written, null, 2)}\n`);
      await fs.rename(temp, this.path);
      return { views: current.views, pins: current.pins, problems: current.problems };
    });
    const settled = next.catch(() => undefined);
    queues.set(this.path, settled);
    void settled.then(() => {
      if (queues.get(this.path) === settled) queues.delete(this.path);
    });
    return next;
  }

  /** Where an unreadable file is kept before a new one replaces it. */
  private asidePath(): string {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return join(dirname(this.path), `saved-views.unreadable-${stamp}.json`);
  }
}
