import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import type { TrainTokenSample } from '../../src/core/tokens/trainTokens';
import { tokenLineStarts } from './tokenLineStarts';

/** Tokens per drawn line at most when the text has no newline for longer (see tokenLineStarts). */
const MAX_LINE_TOKENS = 256;

export interface TokenPainter {
  /** Token spans [from, to) of the sample, in a fragment. */
  (from: number, to: number): DocumentFragment;
}

/**
 * The token text virtualized by line: only the lines near the scroller's view exist in the DOM, each
 * placed by a transform on a spacer as tall as all lines. A line's height is estimated from its length
 * and the box's width, then corrected once drawn (measured through a ResizeObserver, so scrolling reads
 * no layout). A 32k-token response then costs the spans of one screen, not 32k.
 */
export class TokenLines {
  private readonly spacer = document.createElement('div');
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly shown = new Map<number, HTMLElement>();
  private sample: TrainTokenSample | undefined;
  private starts: number[] = [];
  private count = 0;
  private paintTokens: TokenPainter = () => document.createDocumentFragment();
  private chars: number[] = [];
  private rowHeight = 19;
  private charsPerRow = 80;
  private painting = false;
  private dirty = false;
  private readonly cleanup: () => void;

  constructor(private readonly scroller: HTMLElement) {
    this.spacer.className = 'token-lines';
    scroller.replaceChildren(this.spacer);
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: (i) => this.rowHeight * Math.max(1, Math.ceil((this.chars[i] ?? 1) / this.charsPerRow)),
      overscan: 6,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.paint(),
    });
    this.cleanup = this.virtualizer._didMount();
    this.virtualizer._willUpdate();
  }

  /**
   * Shows a sample's tokens from the top, or the same sample drawn anew (another colouring) where it is
   * scrolled to. `pieces` gives each token's shown text (for line breaks and the length estimate);
   * `paintTokens` builds the spans of a range.
   */
  show(sample: TrainTokenSample, pieces: (i: number) => string, paintTokens: TokenPainter): void {
    this.paintTokens = paintTokens;
    for (const el of this.shown.values()) el.remove();
    this.shown.clear();
    if (sample === this.sample) {
      this.paint();
      return;
    }
    this.sample = sample;
    // Read once per sample, not while scrolling: the font's line height and how many characters fit a row.
    const style = getComputedStyle(this.scroller);
    const fontSize = parseFloat(style.fontSize) || 12;
    this.rowHeight = parseFloat(style.lineHeight) || fontSize * 1.6;
    this.charsPerRow = Math.max(20, Math.floor(this.scroller.clientWidth / (fontSize * 0.6)));
    this.count = sample.ids.length;
    this.starts = tokenLineStarts(sample.pieces, this.count, MAX_LINE_TOKENS);
    this.chars = this.starts.map((start, line) => {
      let n = 0;
      for (let i = start; i < (this.starts[line + 1] ?? this.count); i++) n += pieces(i).length;
      return n;
    });
    this.scroller.scrollTop = 0;
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.starts.length });
    this.virtualizer.measure();
    this.paint();
  }

  /** The token index of a span drawn by this view, or -1. */
  indexOf(span: Element): number {
    const line = span.parentElement;
    if (!line || line.parentElement !== this.spacer) return -1;
    return Number(line.dataset.start) + Array.prototype.indexOf.call(line.children, span);
  }

  dispose(): void {
    this.cleanup();
  }

  private paint(): void {
    // Measuring a new line can report a change synchronously: paint again after this pass, not inside it.
    if (this.painting) {
      this.dirty = true;
      return;
    }
    this.painting = true;
    try {
      do {
        this.dirty = false;
        this.paintOnce();
      } while (this.dirty);
    } finally {
      this.painting = false;
    }
  }

  private paintOnce(): void {
    const items = this.virtualizer.getVirtualItems();
    const wanted = new Set(items.map((v) => v.index));
    for (const [line, el] of this.shown)
      if (!wanted.has(line)) {
        el.remove();
        this.shown.delete(line);
      }
    this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    const fresh: HTMLElement[] = [];
    let previous: HTMLElement | undefined;
    for (const v of items) {
      let el = this.shown.get(v.index);
      if (!el) {
        el = document.createElement('div');
        el.className = 'tok-line';
        el.dataset.index = String(v.index);
        const start = this.starts[v.index]!;
        el.dataset.start = String(start);
        el.append(this.paintTokens(start, this.starts[v.index + 1] ?? this.count));
        // In reading order, so a selection across lines copies them in order.
        if (previous) previous.after(el);
        else this.spacer.prepend(el);
        this.shown.set(v.index, el);
        fresh.push(el);
      }
      const place = `translateY(${v.start}px)`;
      if (el.style.transform !== place) el.style.transform = place;
      previous = el;
    }
    for (const el of fresh) this.virtualizer.measureElement(el);
  }
}
