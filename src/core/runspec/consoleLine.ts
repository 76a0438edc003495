// A console line as a slime run writes it, or as a log collector passes it on: the collector's
// `[<ISO time>] <pod> >> ` (k8s log tooling, slime issue #1022), then Ray's `(<Actor> pid=N, ip=…) `
// naming the process, then the process's own text. Ray colours its prefix when the driver's output is
// a terminal.

/** What is left of a line once the prefixes that name where it came from are off. */
export interface ConsoleLine {
  /** Ray's process tag without parentheses (`MegatronTrainRayActor pid=2087`), '' for the driver. */
  process: string;
  /** The process's text, its own indentation kept (traceback code lines are told apart by it). */
  body: string;
}

// eslint-disable-next-line no-control-regex -- matching terminal colour codes is the point
const ANSI = /\x1b\[[0-9;]*m/g;
const COLLECTOR = /^\[\d{4}-\d\d-\d\dT[^\]\s]*\]\s+\S+\s+>>\s?/;
// Ray writes `(<tag>) ` before every line of a worker; one space, so the line's own indentation stays.
const RAY = /^\(([^()]*pid=\d+[^()]*)\) ?/;

export function splitConsoleLine(raw: string): ConsoleLine {
  let line = raw.includes('\x1b') ? raw.replace(ANSI, '') : raw;
  line = line.replace(COLLECTOR, '');
  const ray = RAY.exec(line);
  return ray ? { process: ray[1] as string, body: line.slice(ray[0].length) } : { process: '', body: line };
}
