import { parsePyRepr } from './pyRepr';
import type { PyValue } from './pyRepr';

// slime's console lines (reference/slime.md 2.5; slime/observability/*): `[YYYY-MM-DD HH:MM:SS] file.py:N
// - message`, possibly behind Ray's `(Actor pid=N)` prefix. Matching is on the message, never on
// file:line, which moves between releases (#2298 moved rollout.py:1193 to rollout_metrics.py:268).

export type LogEvent =
  | {
      kind: 'metrics';
      family: 'rollout' | 'perf' | 'eval' | 'step';
      id: number;
      metrics: Record<string, number>;
      role?: string;
    }
  | { kind: 'timer'; name: string; phase: 'start' | 'end'; elapsedSeconds?: number }
  | { kind: 'generation'; done: number; total: number; label: string }
  | { kind: 'router'; address: string }
  | { kind: 'traceback' };

const PREFIX =
  /^(?:\([^)]*pid=\d+[^)]*\)\s*)?(?:\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[^\]]*\]\s*(?:[\w.-]+\.py:\d+\s+-\s+)?)?/;
const METRICS = /^(?:([a-z]+)-)?(rollout|perf|eval|step) (\d+): (\{.*\})\s*$/;
const TIMER = /^Timer (\S+) (start|end)(?: \(elapsed: ([\d.]+)s\))?$/;
// tqdm redraws with \r; the last state on the line wins.
const TQDM = /(Rollout generation|Eval [^:]*): +\d+%\|[^|]*\| *(\d+)\/(\d+)/g;

/** Reads one console line; undefined for lines that carry no progress. */
export function parseLogLine(line: string): LogEvent | undefined {
  if (line.includes('Rollout generation') || line.includes('Eval ')) {
    let last: RegExpExecArray | undefined;
    for (const m of line.matchAll(TQDM)) last = m;
    if (last)
      return { kind: 'generation', label: last[1] as string, done: Number(last[2]), total: Number(last[3]) };
  }
  const message = line.replace(PREFIX, '').trimEnd();
  if (message.startsWith('Traceback (most recent call last):')) return { kind: 'traceback' };
  const metrics = METRICS.exec(message);
  if (metrics) {
    let parsed: PyValue;
    try {
      parsed = parsePyRepr(metrics[4] as string);
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
    return {
      kind: 'metrics',
      family: metrics[2] as 'rollout' | 'perf' | 'eval' | 'step',
      id: Number(metrics[3]),
      metrics: numbers,
      ...(metrics[1] ? { role: metrics[1] } : {}),
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
  const router = /^Router launched at (\S+?),/.exec(message);
  if (router) return { kind: 'router', address: router[1] as string };
  return undefined;
}
