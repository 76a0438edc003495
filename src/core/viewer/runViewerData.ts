import type { SampleColumns } from '../store/sampleColumns';
import { join } from 'node:path';
import type { SampleRecord } from '../records/tapRecord';
import { declaredRewardRange } from '../../shared/rewardScale';
import type { RewardRange } from '../../shared/rewardScale';
import type { ReadProblem, SampleEntry, StepEntry } from '../store/sampleIndex';
import type { Profile } from '../toolcall/types';
import type {
  BehaviourOverview,
  ComparePair,
  RowsPage,
  RunOverview,
  SampleDetail,
  SampleKey,
  SampleRow,
  ViewerApi,
  ViewerQuery,
} from '../../shared/protocol';
import { sampleKeyString } from '../../shared/protocol';
import { behaviourOverview } from './behaviourOverview';
import { BodyScanner } from './bodyScanner';
import { evalSummary } from './evalSummary';
import { sampleDetail } from './sampleDetail';
import { extrasReader } from './sampleExtras';
import { SampleRows } from './sampleRows';
import { stepAggregates } from './stepAggregates';
import { TextSearch } from '../store/textSearch';
import type { WorkControl } from '../work/slicedWork';

/** The part of a RunStore the viewer reads (a RunStore satisfies it; tests may pass one directly). */
export interface ViewedStore {
  readonly dir: string;
  readonly samples: SampleColumns;
  readonly steps: Map<string, StepEntry>;
  readonly problems: ReadProblem[];
  /** Bodies stay on the box, read when a sample is opened (a heads-only run). */
  readonly headsOnly: boolean;
  readSample(entry: SampleEntry): Promise<SampleRecord>;
  onChange(listener: () => void): () => void;
}

export interface RunNotice {
  samples: number;
  steps: number;
  problems: number;
  restarted: boolean;
}

const PAGE_LIMIT = 500;

/**
 * Answers the viewer's requests for one run, over the run's local store. Owns the background work the
 * table needs (body scan, text search) and tells its listener when what the viewer shows has moved,
 * at most a few times a second, with counts only.
 */
export class RunViewerData {
  private readonly rows: SampleRows;
  private readonly scanner: BodyScanner;
  private search: TextSearch | undefined;
  private readonly unsubscribe: () => void;
  private noticeTimer: NodeJS.Timeout | undefined;
  private restarted = false;

  constructor(
    readonly runKey: string,
    private readonly store: ViewedStore,
    private readonly profile: Profile,
    private readonly notify: (n: RunNotice) => void,
    private readonly noticeDelayMs = 250,
    /** run.json's declared reward range, if the run has one (step records may declare it too). */
    private readonly runRewardRange: () => RewardRange | undefined = () => undefined,
  ) {
    const file = () => join(store.dir, 'records.jsonl');
    this.scanner = new BodyScanner(file, store.samples, extrasReader(profile), () => this.scheduleNotice());
    this.rows = new SampleRows(store.samples, this.scanner.extras, store.steps);
    this.rows.update();
    this.scanner.kick();
    this.unsubscribe = store.onChange(() => this.onStoreChange());
  }

  private onStoreChange(): void {
    if (this.store.samples.length < this.rows.size) {
      this.restarted = true;
      this.scanner.reset();
      this.search = undefined;
    }
    this.rows.update();
    this.scanner.kick();
    this.search?.kick();
    this.scheduleNotice();
  }

  private scheduleNotice(): void {
    this.noticeTimer ??= setTimeout(() => {
      this.noticeTimer = undefined;
      const restarted = this.restarted;
      this.restarted = false;
      this.notify({
        samples: this.store.samples.length,
        steps: this.store.steps.size,
        problems: this.store.problems.length,
        restarted,
      });
    }, this.noticeDelayMs);
  }

  /** The run's pins changed (saved-views.json): rows show their notes, and the table is told to refetch. */
  setPins(pins: readonly { key: SampleKey; note: string }[]): void {
    this.rows.setPins(pins);
    this.scheduleNotice();
  }

  /**
   * Resolves when the body scan and any search have caught up; with a control, says how far they are
   * (the scan as the first half when there is a search) and stops waiting when it aborts.
   */
  async idle(control: WorkControl = {}): Promise<void> {
    const search = this.search;
    const halves = search ? 2 : 1;
    const part = (first: number) => (done: number, total: number) =>
      control.onProgress?.(first * total + done, halves * total);
    await this.scanner.idle({ signal: control.signal, onProgress: part(0) });
    await search?.idle({ signal: control.signal, onProgress: part(1) });
  }

  rowsPage(p: ViewerApi['rows']['params']): RowsPage {
    const { seqs, filterError } = this.querySeqs(p.query);
    const start = Math.max(0, Math.min(p.start, seqs.length));
    const count = Math.max(0, Math.min(p.count, PAGE_LIMIT));
    return {
      total: seqs.length,
      start,
      rows: seqs.slice(start, start + count).map((seq) => this.rows.row(seq)),
      runTotal: this.rows.size,
      unscanned: this.rows.size - this.scanner.scanned,
      bodiesOnBox: this.store.headsOnly,
      filterError,
      searching: this.search?.busy ?? false,
      scales: this.rows.scales(String(this.scanner.scanned), this.declaredRange()),
    };
  }

  /**
   * Every row the query matches, in the table's order, once the body scan and any search have caught up
   * (an export wants turns, calls and codes known, and the whole search result).
   */
  async matchingRows(query: ViewerQuery, control: WorkControl = {}): Promise<SampleRow[]> {
    // The first page starts the query's search, which idle() then waits for.
    this.rowsPage({ runKey: this.runKey, query, start: 0, count: 0 });
    await this.idle(control);
    const rows: SampleRow[] = [];
    for (;;) {
      const page = this.rowsPage({ runKey: this.runKey, query, start: rows.length, count: PAGE_LIMIT });
      rows.push(...page.rows);
      if (page.rows.length === 0 || rows.length >= page.total) return rows;
    }
  }

  /** The rows of these samples, in the order given, once the body scan has caught up. */
  async rowsOf(keys: readonly SampleKey[], control: WorkControl = {}): Promise<SampleRow[]> {
    await this.idle(control);
    return keys.map((key) => this.rows.row(this.seqOf(key)));
  }

  /** Where a sample opened from elsewhere (the explorer) sits in the table, so the table can show it. */
  rowIndex(p: ViewerApi['rowIndex']['params']): number | null {
    const seq = this.rows.find(p.key);
    if (seq === undefined) return null;
    const i = this.querySeqs(p.query).seqs.indexOf(seq);
    return i < 0 ? null : i;
  }

  private querySeqs(query: ViewerQuery): { seqs: readonly number[]; filterError: string | null } {
    this.rows.update();
    const needle = query.search;
    if (needle === '') this.search = undefined;
    else if (this.search?.text !== needle) {
      this.search = new TextSearch(
        needle,
        () => join(this.store.dir, 'records.jsonl'),
        this.store.samples,
        () => this.scheduleNotice(),
      );
      this.search.kick();
    }
    const matches = this.search?.matches ?? null;
    return this.rows.query(
      query,
      matches,
      // Step records (trained lists) change discard reasons without adding samples.
      `${this.scanner.scanned}:${matches?.size ?? -1}:${this.store.steps.size}`,
    );
  }

  private seqOf(key: SampleKey): number {
    this.rows.update();
    const seq = this.rows.find(key);
    if (seq === undefined) throw new Error(`${sampleKeyString(key)} is not in this run (any more)`);
    return seq;
  }

  /** The reward range the run declares: run.json's, else the newest step record's. */
  declaredRange(): RewardRange | undefined {
    return declaredRewardRange({ rewardRange: this.runRewardRange() }, this.store.steps.values());
  }

  /** The key's index entry. */
  entry(key: SampleKey): SampleEntry {
    return this.store.samples.at(this.seqOf(key))!;
  }

  async sample(key: SampleKey): Promise<SampleDetail> {
    const seq = this.seqOf(key);
    const entry = this.store.samples.at(seq)!;
    const record = await this.store.readSample(entry);
    return sampleDetail(record, { runKey: this.runKey, key, bytes: entry.length }, this.profile, {
      facts: this.rows.groupFacts(seq),
      advantage: this.rows.advantage(seq),
      discarded: this.rows.discarded(seq, record.removed === true),
    });
  }

  async record(key: SampleKey): Promise<SampleRecord> {
    return this.store.readSample(this.store.samples.at(this.seqOf(key))!);
  }

  overview(): RunOverview {
    this.rows.update();
    return {
      ...stepAggregates(this.store.samples, this.scanner.extras, this.store.steps, (seq) =>
        this.rows.discarded(seq),
      ),
      bodiesOnBox: this.store.headsOnly,
    };
  }

  behaviour(): BehaviourOverview {
    this.rows.update();
    return {
      ...behaviourOverview(this.store.samples, this.scanner.extras),
      bodiesOnBox: this.store.headsOnly,
    };
  }

  /**
   * Best and worst of the key's group by the advantage basis; when the key is one of them, it is
   * paired with the other, so "compare" always shows the sample the user is looking at.
   */
  comparePair(key: SampleKey): ComparePair | null {
    const seq = this.seqOf(key);
    const facts = this.rows.groupFacts(seq);
    const members = this.rows.groupOf(seq).map((s, i) => ({ s, r: facts.rewards[i] ?? null }));
    if (members.length < 2) return null;
    const scored = members.filter((m): m is { s: number; r: number } => m.r !== null);
    // Unrewarded groups still compare, in arrival order.
    const ranked = (scored.length >= 2 ? scored : members.map((m) => ({ s: m.s, r: 0 }))).sort(
      (a, b) => b.r - a.r || a.s - b.s,
    );
    const best = ranked[0]!;
    const worst = ranked[ranked.length - 1]!;
    const keyOf = (s: number) => this.rows.row(s).key;
    const self = ranked.find((m) => m.s === seq);
    if (self === undefined || self === best || self === worst)
      return { left: keyOf(best.s), right: keyOf(worst.s) };
    // The higher reward stays on the left; the selected sample faces whichever end is further away.
    return best.r - self.r >= self.r - worst.r
      ? { left: keyOf(best.s), right: key }
      : { left: key, right: keyOf(worst.s) };
  }

  evalSummary(step?: number): ReturnType<typeof evalSummary> {
    return evalSummary(this.store.samples, step);
  }

  dispose(): void {
    this.unsubscribe();
    clearTimeout(this.noticeTimer);
  }
}
