import * as l10n from '@vscode/l10n';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { LitElement, html, nothing, render } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type {
  RowScales,
  RowsPage,
  SavedViews,
  SampleKey,
  SampleRow,
  SortColumn,
  ViewerQuery,
} from '../../src/shared/protocol';
import { sameSample } from '../../src/shared/protocol';
import { flagInfo } from './behaviourFlags';
import { cssom } from './cssom';
import { RowPool } from './rowPool';
import { discardTitle } from './discardTitle';
import { fmt, signed } from './format';
import { describeScale } from '../../src/shared/rewardScale';
import { advantageDot, diagnosticDot, lengthDot, rewardDot } from './metricDots';
import { plain } from './richText';
import type { ViewerClient } from './rpc';

const ROW_HEIGHT = 24;
const PAGE = 200;
/**
 * Rows beyond the visible ones whose page is fetched ahead, so a steady scroll never meets a gap: two
 * pages, a good half second at a fast skim of 1000 rows a second, longer than a page takes to arrive.
 */
const AHEAD = 2 * PAGE;

// Functions, read when the header renders: after the webview's l10n bundle is loaded.
const COLUMNS: { id: SortColumn; label: () => string; title: () => string; numeric?: boolean }[] = [
  { id: 'step', label: () => l10n.t('Step'), title: () => l10n.t('Rollout step (e = eval)'), numeric: true },
  {
    id: 'group',
    label: () => l10n.t('Group'),
    title: () => l10n.t('GRPO group · sample index'),
    numeric: true,
  },
  { id: 'task', label: () => l10n.t('Task'), title: () => l10n.t('Domain and task id') },
  { id: 'reward', label: () => l10n.t('Reward'), title: () => l10n.t('Raw task reward'), numeric: true },
  { id: 'shaped', label: () => l10n.t('Shaped'), title: () => l10n.t('Reward after shaping'), numeric: true },
  {
    id: 'advantage',
    label: () => l10n.t('Adv'),
    title: () => l10n.t('GRPO advantage inside the group'),
    numeric: true,
  },
  {
    id: 'status',
    label: () => l10n.t('Status'),
    title: () => l10n.t('completed, truncated, aborted or failed'),
  },
  {
    id: 'turns',
    label: () => l10n.t('Turns'),
    title: () => l10n.t('Turns after the system prompt'),
    numeric: true,
  },
  {
    id: 'calls',
    label: () => l10n.t('Calls'),
    title: () => l10n.t('Tool-call blocks the model wrote'),
    numeric: true,
  },
  {
    // Counts followed by codes, read from the left like the task: the header sits over them.
    id: 'diagnostics',
    label: () => l10n.t('Diag'),
    title: () => l10n.t('Tool-call diagnostics: errors / warnings, and their codes'),
  },
  {
    id: 'length',
    label: () => l10n.t('Length'),
    title: () => l10n.t('Response tokens (or characters when the record has no token count)'),
    numeric: true,
  },
];

const NO_SCALES: RowScales = { reward: null, shaped: null, advantage: null, length: null };

// The filter language (fields, values, operators) is code and stays as it is; only the words around it
// are translated.
const filterHelp = () =>
  [
    l10n.t('Filter expressions, e.g.'),
    '  reward < 1 and code == TC002',
    '  status == truncated or errors > 0',
    '  domain == retail not (turns > 20)',
    `  discarded == zero-std     (removed, aborted, zero-std, never-trained; discarded == null: ${l10n.t('reached the trainer')})`,
    '  flag == loop              (loop, early-done, length-limit, empty-response, error-burst)',
    `  pinned == true            (${l10n.t('samples pinned in this run; note ~ text searches their notes')})`,
    `${l10n.t('Fields:')} step group index eval task domain status reward shaped advantage turns calls errors warnings diagnostics length code discarded flag pinned note`,
    `${l10n.t('Operators:')} == != < <= > >= ~ (${l10n.t('contains')}); and / or / not, ${l10n.t('parentheses')}.`,
  ].join('\n');

/** The filter of the Pinned entry in the saved-views list. */
export const PINNED_FILTER = 'pinned == true';

const sameQuery = (a: ViewerQuery, b: ViewerQuery) =>
  a.filter === b.filter &&
  a.search === b.search &&
  a.sort.column === b.sort.column &&
  a.sort.descending === b.sort.descending;

/**
 * A row element and what it was last drawn with: a row whose data, place and selection are unchanged is
 * not drawn again, and a drawn row writes only the attributes that changed.
 */
interface RowSlot {
  el: HTMLDivElement;
  row: SampleRow | undefined | null;
  index: number;
  start: number;
  selected: boolean | undefined;
  scales: RowScales | undefined;
  headsOnly: boolean;
  className: string;
}

/**
 * The run's samples as a virtualized table: only the visible rows exist in the DOM, and rows are pulled
 * from the host a page at a time, so a 100k-sample run scrolls like a 100-sample one.
 */
@customElement('rs-sample-table')
export class SampleTable extends LitElement {
  @property({ attribute: false }) client!: ViewerClient;
  @property() runKey = '';
  @property({ attribute: false }) query!: ViewerQuery;
  @property({ attribute: false }) selected: SampleKey | null = null;
  /** The run's saved views and pins; undefined until the host answered. */
  @property({ attribute: false }) saved: SavedViews | undefined;
  @state() private total = 0;
  @state() private info: Omit<RowsPage, 'rows' | 'start'> | undefined;
  @state() private error: string | undefined;
  private pages = new Map<number, SampleRow[] | 'loading'>();
  private generation = 0;
  private virtualizer: Virtualizer<HTMLDivElement, Element> | undefined;
  private cleanup: (() => void) | undefined;
  private active = -1;
  private spacer: HTMLDivElement | undefined;
  private pool: RowPool<RowSlot> | undefined;
  private rowsFrame = 0;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Drops cached pages and refetches what is visible (the run grew or the query changed). */
  refresh(): void {
    this.generation++;
    this.pages = new Map();
    this.fetchVisible(true);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.virtualizer = new Virtualizer<HTMLDivElement, Element>({
      count: this.total,
      getScrollElement: () => this.querySelector<HTMLDivElement>('.table-body'),
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      // A scroll re-renders the rows alone (the toolbar, status line and header stay as they are), at the
      // frame's animation callbacks: whatever else writes or reads the page in that frame comes first,
      // so the rows' writes never force a layout before the frame's own.
      onChange: () => {
        this.fetchVisible(false);
        this.rowsFrame ||= requestAnimationFrame(() => {
          this.rowsFrame = 0;
          this.renderRows();
        });
      },
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.rowsFrame);
    this.rowsFrame = 0;
    this.cleanup?.();
  }

  protected override firstUpdated(): void {
    this.cleanup = this.virtualizer?._didMount();
    this.refresh();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.virtualizer?._willUpdate();
    this.renderRows();
    if (changed.has('query') || changed.has('runKey')) {
      if (changed.get('query') !== undefined || changed.get('runKey') !== undefined) this.refresh();
    }
  }

  private fetchVisible(force: boolean): void {
    const items = this.virtualizer?.getVirtualItems() ?? [];
    const first = Math.max(0, (items[0]?.index ?? 0) - AHEAD);
    const last = Math.min(Math.max(0, this.total - 1), (items[items.length - 1]?.index ?? 0) + AHEAD);
    const pages = new Set<number>();
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) pages.add(p);
    for (const p of pages) if (force || !this.pages.has(p)) void this.fetchPage(p);
  }

  private async fetchPage(page: number): Promise<void> {
    const generation = this.generation;
    if (this.pages.get(page) === 'loading') return;
    this.pages.set(page, 'loading');
    try {
      const result = await this.client.request('rows', {
        runKey: this.runKey,
        query: this.query,
        start: page * PAGE,
        count: PAGE,
      });
      if (generation !== this.generation) return;
      this.error = undefined;
      this.pages.set(page, result.rows);
      const { rows: _rows, start: _start, ...info } = result;
      // Every page carries the run's scales; while they are the same, the rows keep the same object and
      // are not rendered again for it.
      if (this.info && JSON.stringify(this.info.scales) === JSON.stringify(info.scales)) {
        info.scales = this.info.scales;
      }
      this.info = info;
      if (result.total !== this.total) {
        this.total = result.total;
        this.virtualizer?.setOptions({ ...this.virtualizer.options, count: result.total });
        this.virtualizer?.measure();
      }
      this.requestUpdate();
    } catch (e) {
      if (generation !== this.generation) return;
      this.pages.delete(page);
      this.error = (e as Error).message;
    }
  }

  private rowAt(i: number): SampleRow | undefined {
    const page = this.pages.get(Math.floor(i / PAGE));
    return Array.isArray(page) ? page[i % PAGE] : undefined;
  }

  private emitQuery(query: ViewerQuery): void {
    this.dispatchEvent(new CustomEvent('query-change', { detail: query, bubbles: true }));
  }

  /** Scrolls a row into view and makes it the keyboard's place, without selecting it again. */
  showRow(i: number): void {
    this.active = i;
    this.virtualizer?.scrollToIndex(i, { align: 'center' });
    if (!this.rowAt(i)) void this.fetchPage(Math.floor(i / PAGE));
  }

  private select(i: number): void {
    const row = this.rowAt(i);
    if (!row) return;
    this.active = i;
    this.virtualizer?.scrollToIndex(i, { align: 'auto' });
    this.dispatchEvent(new CustomEvent('select', { detail: row.key, bubbles: true }));
  }

  private onKey(e: KeyboardEvent): void {
    // Alt+Up/Down and the like are VS Code keybindings (next/previous sample), handled once, there.
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // The body's height as the virtualizer last observed it: no layout read while keys repeat.
    const page = Math.max(1, Math.floor((this.virtualizer?.scrollRect?.height ?? 240) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      j: 1,
      k: -1,
    };
    let next: number | undefined;
    if (e.key in moves) next = (this.active < 0 ? -1 : this.active) + moves[e.key]!;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = this.total - 1;
    if (next === undefined || this.total === 0) return;
    e.preventDefault();
    this.moveTo(next);
  }

  /** Selects the row `delta` rows from the active one (from the top when none is active). */
  move(delta: number): void {
    if (this.total > 0) this.moveTo((this.active < 0 ? -1 : this.active) + delta);
  }

  /** Puts the cursor in the search box (Ctrl+F in the viewer). */
  focusSearch(): void {
    const input = this.querySelector<HTMLInputElement>('input[type="search"]');
    input?.focus();
    input?.select();
  }

  private moveTo(index: number): void {
    const target = Math.max(0, Math.min(this.total - 1, index));
    this.virtualizer?.scrollToIndex(target, { align: 'auto' });
    // The row may not be fetched yet; select once its page arrives.
    if (this.rowAt(target)) this.select(target);
    else void this.fetchPage(Math.floor(target / PAGE)).then(() => this.select(target));
  }

  private onFilterInput(field: 'filter' | 'search', value: string): void {
    clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => this.emitQuery({ ...this.query, [field]: value }), 300);
  }

  private sortBy(column: SortColumn): void {
    const same = this.query.sort.column === column;
    this.emitQuery({
      ...this.query,
      sort: {
        column,
        descending: same
          ? !this.query.sort.descending
          : column !== 'step' && column !== 'group' && column !== 'task',
      },
    });
  }

  /** Why a cell that needs the sample's body is empty. */
  private pendingTitle(): string {
    return this.info?.bodiesOnBox
      ? l10n.t(
          "This run is read heads only: turns, calls, length and diagnostics need a sample's body, which stays on the box. Open the sample to read it there (its diagnostics are then counted here).",
        )
      : l10n.t("Reading the sample's body");
  }

  /**
   * One template for a row's cells whether its page has arrived or not, so a row element keeps its cells
   * when its row loads or another row takes it over: only the changed text and attributes are written.
   */
  private renderCells(row: SampleRow | undefined, scales: RowScales = NO_SCALES): TemplateResult {
    const reward = row?.reward ?? null;
    // Not known yet: being read ('…'), or (heads only) known once the sample is opened ('–').
    const pending = this.info?.bodiesOnBox ? '–' : '…';
    const diag =
      !row || row.errors === null || row.warnings === null
        ? row
          ? pending
          : ''
        : row.errors + row.warnings === 0
          ? ''
          : `${row.errors}/${row.warnings}`;
    const codes = row?.codes && row.codes.length > 0 ? row.codes.join(' ') : '';
    const flags = row?.flags ?? [];
    const task = row ? `${row.domain ? `${row.domain} ` : ''}${row.task ?? '—'}` : '';
    // Cells that can be cut off say their whole text in a tooltip (the grid is narrower than some).
    const taskTitle = [...flags.map((f) => flagInfo(f).badge), task].join(' ');
    const flagTitles = flags.map((f) => ` · ${flagInfo(f).title}`).join('');
    const status = row?.status ?? '';
    const pinned = row?.note != null;
    return html`<span role="gridcell" class="num"
        >${row ? `${row.key.evaluation ? 'e' : ''}${row.key.step}` : '…'}</span
      >
      <span role="gridcell" class="num">${row ? `${row.key.group}·${row.key.index}` : ''}</span>
      <span role="gridcell" class="task" title="${taskTitle}${flagTitles}"
        >${pinned ? html`<span class="codicon codicon-pinned pin-badge" title=${row.note ? l10n.t('Pinned: {0}', row.note) : l10n.t('Pinned')} aria-label=${l10n.t('pinned')}></span>` : nothing}${flags.map((f) => html`<span class="flag-badge ${f}">${flagInfo(f).badge}</span> `)}${plain(task)}</span
      >
      <span
        role="gridcell"
        class="num reward ${reward === null ? '' : reward >= 1 ? 'good' : reward <= 0 ? 'bad' : 'mid'}"
        >${rewardDot(reward, scales.reward, l10n.t('reward'))}${row ? fmt(reward) : ''}</span
      >
      <span role="gridcell" class="num"
        >${rewardDot(row?.shaped ?? null, scales.shaped, l10n.t('shaped reward'))}${row ? fmt(row.shaped) : ''}</span
      >
      <span
        role="gridcell"
        class="num ${!row || row.advantage === null ? '' : row.advantage > 0 ? 'good' : row.advantage < 0 ? 'bad' : ''}"
        >${advantageDot(row?.advantage ?? null, scales.advantage)}${row ? signed(row.advantage) : ''}</span
      >
      <span
        role="gridcell"
        class="status ${status}"
        title=${row?.discarded ? `${row.discarded} · ${status}` : status}
        >${
          row?.discarded
            ? html`<span class="discard-badge ${row.discarded}" title=${discardTitle(row.discarded)}
                >${row.discarded}</span
              >`
            : status
        }</span
      >
      <span role="gridcell" class="num" title=${row?.turns == null ? this.pendingTitle() : ''}
        >${row ? (row.turns ?? pending) : ''}</span
      >
      <span role="gridcell" class="num" title=${row?.calls == null ? this.pendingTitle() : ''}
        >${row ? (row.calls ?? pending) : ''}</span
      >
      <span
        role="gridcell"
        class="diag"
        title=${diag === pending ? this.pendingTitle() : !diag ? '' : codes ? l10n.t('{0} {1} (errors/warnings, codes)', diag, codes) : l10n.t('{0} (errors/warnings)', diag)}
        >${row ? diagnosticDot(row) : nothing}${diag}${codes ? html` <span class="codes">${codes}</span>` : nothing}</span
      >
      <span role="gridcell" class="num" title=${row?.length === null ? this.pendingTitle() : ''}
        >${row ? lengthDot(row, scales.length) : nothing}${!row ? '' : row.length === null ? pending : row.lengthUnit === 'chars' ? l10n.t('{0} ch', row.length) : row.length}</span
      >`;
  }

  /** A click anywhere in a row selects it: one listener for the table, not one per row rendered. */
  private onRowClick(e: MouseEvent): void {
    const row = (e.target as Element).closest('.row[aria-rowindex]');
    if (row) this.select(Number(row.getAttribute('aria-rowindex')) - 2);
  }

  /**
   * The visible rows, drawn into the spacer on their own (the table's template leaves its children
   * alone), so a scrolled frame touches only the rows that came into view. The DOM order is not the
   * visual order (a row element moves wherever its next row is); aria-rowindex carries that.
   */
  private renderRows(): void {
    const spacer = (this.spacer ??= this.querySelector<HTMLDivElement>('.table-spacer') ?? undefined);
    if (!spacer) return;
    this.pool ??= new RowPool<RowSlot>(
      () => {
        const el = document.createElement('div');
        el.setAttribute('role', 'row');
        return {
          el,
          row: null,
          index: -1,
          start: -1,
          selected: undefined,
          scales: undefined,
          headsOnly: false,
          className: '',
        };
      },
      (slot) => spacer.append(slot.el),
      (slot) => slot.el.remove(),
    );
    const items = this.virtualizer?.getVirtualItems() ?? [];
    const first = items[0]?.index ?? 0;
    const scales = this.info?.scales;
    const headsOnly = this.info?.bodiesOnBox ?? false;
    this.pool.update(first, first + items.length - 1, (slot, index) => {
      const row = this.rowAt(index);
      const selected = row !== undefined && sameSample(row.key, this.selected);
      this.drawRow(slot, row, index, items[index - first]!.start, selected, scales, headsOnly);
    });
  }

  private drawRow(
    slot: RowSlot,
    row: SampleRow | undefined,
    index: number,
    start: number,
    selected: boolean,
    scales: RowScales | undefined,
    headsOnly: boolean,
  ): void {
    const el = slot.el;
    if (slot.start !== start) el.style.transform = `translateY(${start}px)`;
    if (slot.index !== index) el.setAttribute('aria-rowindex', String(index + 2));
    if (slot.selected !== selected) el.setAttribute('aria-selected', selected ? 'true' : 'false');
    const className = `row${row ? '' : ' loading'}${selected ? ' selected' : ''}${row?.errors ? ' has-errors' : ''}`;
    if (slot.className !== className) el.className = className;
    if (slot.row !== row || slot.scales !== scales || slot.headsOnly !== headsOnly)
      render(this.renderCells(row, scales), el);
    Object.assign(slot, { row, index, start, selected, scales, headsOnly, className });
  }

  /** The run's saved views and its pins as one list: picking one applies it; the buttons save and delete. */
  private renderSavedViews(): TemplateResult {
    const views = this.saved?.views ?? [];
    const pins = this.saved?.pins.length ?? 0;
    const current = views.find((v) => sameQuery(v, this.query));
    const pinnedOn = !current && this.query.filter.trim() === PINNED_FILTER;
    const apply = (value: string) => {
      if (value === '@pinned') this.emitQuery({ ...this.query, filter: PINNED_FILTER });
      const view = views.find((v) => `view:${v.name}` === value);
      if (view) this.emitQuery({ filter: view.filter, search: view.search, sort: view.sort });
    };
    return html`<div class="saved-views" role="group" aria-label=${l10n.t('Saved views')}>
      <span class="codicon codicon-bookmark" aria-hidden="true"></span>
      <select
        aria-label=${l10n.t('Saved views and pins')}
        title=${this.saved?.problems.length ? this.saved.problems.join('\n') : l10n.t('Apply a saved view of this run, or list its pinned samples')}
        @change=${(e: Event) => apply((e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${!current && !pinnedOn}>
          ${views.length === 0 ? l10n.t('No saved views') : l10n.t('Views ({0})', views.length)}
        </option>
        <option value="@pinned" ?selected=${pinnedOn}>${l10n.t('Pinned samples ({0})', pins)}</option>
        ${views.map((v) => html`<option value=${`view:${v.name}`} ?selected=${v === current}>${v.name}</option>`)}
      </select>
      <button
        class="action icon"
        aria-label=${l10n.t('Save view')}
        title=${l10n.t('Save the filter, search and sort as a named view of this run')}
        @click=${() => this.dispatchEvent(new CustomEvent('save-view', { bubbles: true }))}
      >
        <span class="codicon codicon-save"></span>
      </button>
      ${
        current
          ? html`<button
              class="action icon"
              aria-label=${l10n.t('Delete saved view')}
              title=${l10n.t('Delete the saved view "{0}" (the filter stays applied)', current.name)}
              @click=${() => this.dispatchEvent(new CustomEvent('delete-view', { detail: current.name, bubbles: true }))}
            >
              <span class="codicon codicon-trash"></span>
            </button>`
          : nothing
      }
    </div>`;
  }

  protected override render(): TemplateResult {
    const info = this.info;
    const sort = this.query.sort;
    return html`
      <div class="table-toolbar">
        <label class="filter">
          <span class="codicon codicon-filter" aria-hidden="true"></span>
          <input
            type="text"
            aria-label=${l10n.t('Filter expression')}
            placeholder=${l10n.t('Filter, e.g. {0}', 'reward < 1 and code == TC002')}
            title=${filterHelp()}
            .value=${this.query.filter}
            @input=${(e: Event) => this.onFilterInput('filter', (e.target as HTMLInputElement).value)}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.emitQuery({ ...this.query, filter: (e.target as HTMLInputElement).value })}
          />
        </label>
        ${this.renderSavedViews()}
        <label class="search">
          <span class="codicon codicon-search" aria-hidden="true"></span>
          <input
            type="search"
            aria-label=${l10n.t('Search raw records')}
            placeholder=${l10n.t('Search text in records (any case)')}
            .value=${this.query.search}
            @input=${(e: Event) => this.onFilterInput('search', (e.target as HTMLInputElement).value)}
          />
        </label>
        <button
          class="action"
          title=${l10n.t('Export the rows shown (filter, search and sort applied) to CSV, JSON Lines or Parquet')}
          @click=${() => this.dispatchEvent(new CustomEvent('export-rows', { bubbles: true }))}
        >
          <span class="codicon codicon-export"></span> ${l10n.t('Export')}
        </button>
      </div>
      <div class="table-status" role="status" aria-live="polite">
        ${
          this.error
            ? html`<span class="error"><span class="codicon codicon-error"></span> ${this.error}</span>`
            : info?.filterError
              ? html`<span class="error"
                  ><span class="codicon codicon-error"></span>
                  ${l10n.t('Filter not applied: {0}', info.filterError)}</span
                >`
              : info
                ? html`${l10n.t('{0} of {1} samples', this.total.toLocaleString('en-US'), info.runTotal.toLocaleString('en-US'))}
                  ${info.searching ? html` · <span class="codicon codicon-loading codicon-modifier-spin"></span> ${l10n.t('searching')}` : nothing}
                  ${
                    info.bodiesOnBox
                      ? html` ·
                          <span title=${this.pendingTitle()}
                            >${l10n.t('heads only: bodies stay on the box')}</span
                          >`
                      : info.unscanned > 0
                        ? html` ·
                          ${l10n.t('reading {0} bodies for turns/calls/length', info.unscanned.toLocaleString('en-US'))}`
                        : nothing
                  }
                  ${info.scales.reward ? html` · <span class="scale-legend" title=${l10n.t('Reward dots are coloured red to green on this range')}>${l10n.t('reward dots: {0}', describeScale(info.scales.reward))}</span>` : nothing}`
                : html`<span class="codicon codicon-loading codicon-modifier-spin"></span>
                    ${l10n.t('Loading samples…')}`
        }
      </div>
      <div
        class="table"
        role="grid"
        aria-label=${l10n.t('Samples')}
        aria-rowcount=${this.total + 1}
        aria-colcount=${COLUMNS.length}
      >
        <div class="row head" role="row" aria-rowindex="1">
          ${COLUMNS.map(
            (c) =>
              html`<span
                role="columnheader"
                aria-sort=${sort.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  class="sort ${c.numeric ? 'num' : ''}"
                  title=${l10n.t('{0} — click to sort', c.title())}
                  @click=${() => this.sortBy(c.id)}
                >
                  ${c.label()}${sort.column === c.id ? html`<span class="codicon ${sort.descending ? 'codicon-arrow-down' : 'codicon-arrow-up'}"></span>` : nothing}
                </button>
              </span>`,
          )}
        </div>
        <div
          class="table-body"
          tabindex="0"
          aria-label=${l10n.t('Sample rows: arrow keys move, the selected sample opens')}
          @keydown=${(e: KeyboardEvent) => this.onKey(e)}
          @click=${(e: MouseEvent) => this.onRowClick(e)}
        >
          ${
            info && this.total === 0 && !this.error
              ? html`<div class="empty">
                  ${info.runTotal === 0 ? l10n.t('No samples yet. They appear here as the run writes them.') : l10n.t('No sample matches the filter or search.')}
                </div>`
              : nothing
          }
          <div class="table-spacer" ${cssom({ height: `${this.virtualizer?.getTotalSize() ?? 0}px` })}></div>
        </div>
      </div>
    `;
  }
}
