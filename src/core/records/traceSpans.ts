import type { TraceEvent } from './tapRecord';

/** A span of a sample's trace, in seconds from the trace's first event. */
export interface TraceSpan {
  name: string;
  start: number;
  /** null when the span never ended (the sample was aborted inside it). */
  end: number | null;
  /** Nesting under other spans of the trace (0 = top level). */
  depth: number;
  attrs: Record<string, string | number | boolean>;
}

export interface SampleTrace {
  spans: TraceSpan[];
  /** Seconds from the first event to the last. */
  duration: number;
  /** Events the tap left out past its cap. */
  dropped: number;
}

const scalars = (a: Record<string, unknown> | undefined) =>
  Object.fromEntries(
    Object.entries(a ?? {}).filter(
      (e): e is [string, string | number | boolean] =>
        typeof e[1] === 'string' ||
        typeof e[1] === 'boolean' ||
        (typeof e[1] === 'number' && Number.isFinite(e[1])),
    ),
  );

/**
 * Pairs slime's span_start/span_end events into spans (by span_id; by name when an event has none),
 * ordered by start. Attributes of both ends are merged: SGLang's token counts arrive on the end.
 */
export function traceSpans(
  trace: { events: TraceEvent[]; dropped?: number } | undefined,
): SampleTrace | null {
  const events = (trace?.events ?? []).filter((e) => Number.isFinite(e.ts));
  if (events.length === 0) return null;
  const origin = Math.min(...events.map((e) => e.ts));
  const open = new Map<string, { span: TraceSpan; parent: string | undefined }>();
  const byId = new Map<string, { span: TraceSpan; parent: string | undefined }>();
  const spans: { span: TraceSpan; parent: string | undefined }[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    const key = e.span_id ?? `name:${e.name}`;
    if (e.type === 'span_start') {
      const entry = {
        span: { name: e.name, start: e.ts - origin, end: null, depth: 0, attrs: scalars(e.attrs) },
        parent: e.parent_span_id,
      };
      open.set(key, entry);
      if (e.span_id) byId.set(e.span_id, entry);
      spans.push(entry);
    } else if (e.type === 'span_end') {
      const entry = open.get(key);
      if (!entry) continue;
      open.delete(key);
      entry.span.end = e.ts - origin;
      Object.assign(entry.span.attrs, scalars(e.attrs));
    }
    // Instant events (attempt_start, …) only stretch the trace's duration.
  }
  for (const entry of spans) {
    let depth = 0;
    for (let p = entry.parent; p !== undefined && depth < 32; p = byId.get(p)?.parent) {
      if (!byId.has(p)) break;
      depth++;
    }
    entry.span.depth = depth;
  }
  return {
    spans: spans.map((s) => s.span),
    duration: Math.max(...events.map((e) => e.ts)) - origin,
    dropped: trace?.dropped ?? 0,
  };
}
