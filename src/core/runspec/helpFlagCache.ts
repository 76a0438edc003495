import * as z from 'zod';
import type { FlagKind, FlagTable } from './flagTable';

// `python3 <entry> --help` imports Megatron and takes seconds, and its answer only changes when the
// checkout does. So it is read once per box + workdir + python + entry and kept with the checkout's
// fingerprint (its git commit, or the stat of slime's argument files when it is not a git checkout);
// a different fingerprint means the entry is asked again. The cache is plain JSON so the editor can
// keep it across restarts.

/** Which `--help` a table answers: the same workdir through another python is another Megatron. */
export interface HelpCacheKey {
  box: string;
  workdir: string;
  python: string;
  entry: string;
}

const KINDS = ['bare', 'value', 'list', 'append'] as const satisfies readonly FlagKind[];

const EntrySchema = z.object({
  key: z.string(),
  fingerprint: z.string(),
  source: z.string(),
  flags: z.array(z.tuple([z.string(), z.enum(KINDS)])),
  openPrefixes: z.array(z.string()),
  counts: z.array(z.tuple([z.string(), z.number().int().min(2)])).default([]),
  readAt: z.string(),
});
type Entry = z.infer<typeof EntrySchema>;

// Version 2: tables read before then lost every flag with a choice list ({a,b}) and knew no counts or
// repeatable flags, so they are read again rather than trusted.
const CACHE_VERSION = 2;
const CacheSchema = z.object({ version: z.literal(CACHE_VERSION), entries: z.array(z.unknown()) });

export interface CachedHelp {
  table: FlagTable;
  fingerprint: string;
  /** ISO time the table was read from the box. */
  readAt: string;
}

/** Boxes × checkouts a user switches between; older ones are dropped first. */
const MAX_ENTRIES = 32;

export function helpCacheKey(k: HelpCacheKey): string {
  return JSON.stringify([k.box, k.workdir.replace(/\/+$/, ''), k.python, k.entry]);
}

export class HelpFlagCache {
  // Insertion order is recency: a store moves the entry to the end.
  private readonly entries = new Map<string, Entry>();
  // A --help that failed is not asked again in this session, but never persisted: the box's python
  // may be fixed without a new commit.
  private readonly failures = new Map<string, string>();

  /** A cache from its JSON form; entries that do not read are dropped, never trusted. */
  static fromJSON(data: unknown): HelpFlagCache {
    const cache = new HelpFlagCache();
    const parsed = CacheSchema.safeParse(data);
    if (!parsed.success) return cache;
    for (const raw of parsed.data.entries) {
      const entry = EntrySchema.safeParse(raw);
      if (entry.success) cache.entries.set(entry.data.key, entry.data);
    }
    return cache;
  }

  toJSON(): { version: typeof CACHE_VERSION; entries: Entry[] } {
    return { version: CACHE_VERSION, entries: [...this.entries.values()] };
  }

  /** The table read for this key at this fingerprint; undefined when never read or the checkout moved. */
  lookup(key: HelpCacheKey, fingerprint: string): CachedHelp | undefined {
    const entry = this.entries.get(helpCacheKey(key));
    if (!entry || entry.fingerprint !== fingerprint) return undefined;
    return {
      table: {
        source: entry.source,
        flags: new Map(entry.flags),
        openPrefixes: entry.openPrefixes,
        ...(entry.counts.length > 0 ? { counts: new Map(entry.counts) } : {}),
      },
      fingerprint: entry.fingerprint,
      readAt: entry.readAt,
    };
  }

  /** Keeps the table for this key, replacing what an older checkout answered. */
  store(key: HelpCacheKey, fingerprint: string, table: FlagTable, readAt: Date): void {
    const k = helpCacheKey(key);
    this.entries.delete(k);
    this.entries.set(k, {
      key: k,
      fingerprint,
      source: table.source,
      flags: [...table.flags],
      openPrefixes: [...table.openPrefixes],
      counts: [...(table.counts ?? [])],
      readAt: readAt.toISOString(),
    });
    this.failures.delete(k);
    for (const old of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(old);
    }
  }

  noteFailure(key: HelpCacheKey, fingerprint: string): void {
    this.failures.set(helpCacheKey(key), fingerprint);
  }

  failed(key: HelpCacheKey, fingerprint: string): boolean {
    return this.failures.get(helpCacheKey(key)) === fingerprint;
  }
}
