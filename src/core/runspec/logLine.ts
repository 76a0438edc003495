import { splitConsoleLine } from './consoleLine';
import { parsePyRepr } from './pyRepr';
import type { PyValue } from './pyRepr';

// slime's console lines (reference/slime.md 2.5; slime/observability/*): `[YYYY-MM-DD HH:MM:SS] file.py:N
// - message`, possibly behind Ray's `(Actor pid=N)` prefix and a log collector's (consoleLine.ts).
// Matching is on the message, never on file:line, which moves between releases (#2298 moved
// rollout.py:1193 to rollout_metrics.py:268).

/**
 * rollout, perf, eval: per rollout id. step: the trainer's step, rollout id × steps per rollout + i
 * (model.py). other: any other `{name} {rollout_id}: {dict}` of gather_log_data (passrate, multi_turn).
 */
export type MetricFamily = 'rollout' | 'perf' | 'eval' | 'step' | 'other';

export type LogEvent =
  | {
      kind: 'metrics';
      family: MetricFamily;
      /** The word before the id as slime wrote it (`passrate`, `critic-step`). */
      name: string;
      id: number;
      metrics: Record<string, number>;
      role?: string;
    }
  | { kind: 'timer'; name: string; phase: 'start' | 'end'; elapsedSeconds?: number }
  | { kind: 'generation'; done: number; total: number; label: string }
  | { kind: 'router'; address: string }
  | { kind: 'traceback' }
  /** The tap's one line on where it writes (media/tap), with the Ray node it came from when Ray says. */
  | { kind: 'tap'; writes: boolean; path: string; host: string; node?: string; error?: string };

const PREFIX = /^\s*(?:\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[^\]]*\]\s*(?:[\w.-]+\.py:\d+\s+-\s+)?)?/;
const STAMP = /^\s*\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/;
// slime's train_metric_utils logs `f"{metric_name} {rollout_id}: {reduced_log_dict}"`.
const METRICS = /^([a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)?) (\d+): (\{.*\})\s*$/;
const FAMILY = /^(?:([a-z]+)-)?(rollout|perf|eval|step)$/;
// People shorten long dicts when they paste them (`{'a': 1, ...}`); Python itself never prints `...`.
const ELIDED = /,\s*\.\.\.\s*(?=[}\]])/g;
const TIMER = /^Timer (\S+) (start|end)(?: \(elapsed: ([\d.]+)s\))?$/;
// Ray names the node in its process tag when the process runs on another node than the driver.
const RAY_NODE = /(?:^|,\s*)ip=([^,\s]+)/;
const TAP =
  /^Rollout Studio tap: (?:writing (.+) on host (\S+) \(pid \d+\)|cannot write (.+) on host (\S+?): (.*))$/;
// tqdm redraws with \r; the last state on the line wins.
const TQDM = /(Rollout generation|Eval [^:]*): +\d+%\|[^|]*\| *(\d+)\/(\d+)/g;

/**
 * When a console line's body (Ray's prefix off) was written: slime's logger stamps `[YYYY-MM-DD HH:MM:SS]`
 * in the box's local time, to the second, with no zone. Undefined for lines without the stamp.
 */
export function lineTime(body: string): string | undefined {
  return STAMP.exec(body)?.[1];
}

/** A stamp as slime's logger writes one: `YYYY-MM-DD HH:MM:SS` in this machine's local time. */
export function lineStamp(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Reads one console line; undefined for lines that carry no progress. */
export function parseLogLine(line: string): LogEvent | undefined {
  if (line.includes('Rollout generation') || line.includes('Eval ')) {
    let last: RegExpExecArray | undefined;
    for (const m of line.matchAll(TQDM)) last = m;
    if (last)
      return { kind: 'generation', label: last[1] as string, done: Number(last[2]), total: Number(last[3]) };
  }
  const { process, body } = splitConsoleLine(line);
  const message = body.replace(PREFIX, '').trimEnd();
  if (message.startsWith('Traceback (most recent call last):')) return { kind: 'traceback' };
  const metrics = METRICS.exec(message);
  if (metrics) {
    let parsed: PyValue;
    try {
      parsed = parsePyRepr((metrics[3] as string).replace(ELIDED, ''));
    } catch {
      return undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const numbers: Record<string, number> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'number') numbers[k] = v;
      // slime may log (value, count) pairs before reduction; the value is what is plotted.
      else if (Array.isArray(v) && typeof v[0] === 'number') numbers[k] = v[0];
    }
    const name = metrics[1] as string;
    const family = FAMILY.exec(name);
    return {
      kind: 'metrics',
      family: family ? (family[2] as MetricFamily) : 'other',
      name,
      id: Number(metrics[2]),
      metrics: numbers,
      ...(family?.[1] ? { role: family[1] } : {}),
    };
  }
  const timer = TIMER.exec(message);
  if (timer)
    return {
      kind: 'timer',
      name: timer[1] as string,
      phase: timer[2] as 'start' | 'end',
      ...(timer[3] ? { elapsedSeconds: Number(timer[3]) } : {}),
    };
  const tap = TAP.exec(message);
  if (tap) {
    const node = RAY_NODE.exec(process)?.[1];
    return {
      kind: 'tap',
      writes: tap[1] !== undefined,
      path: (tap[1] ?? tap[3]) as string,
      host: (tap[2] ?? tap[4]) as string,
      ...(node ? { node } : {}),
      ...(tap[5] ? { error: tap[5] } : {}),
    };
  }
  const router = /^Router launched at (\S+?),/.exec(message);
  if (router) return { kind: 'router', address: router[1] as string };
  return undefined;
}
