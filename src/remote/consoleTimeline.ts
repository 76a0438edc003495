import { TimelineBuilder } from '../core/runspec/stepTimeline';
import type { Timeline } from '../core/runspec/stepTimeline';
import { wandbRunUrl } from '../core/runspec/wandbRunUrl';
import type { Target } from './target';

interface Followed {
  builder: TimelineBuilder;
  /** Bytes of the file folded in so far, up to the last complete line. */
  offset: number;
  ino: number | undefined;
  /** The W&B run page the console announced last, if any. */
  wandbUrl: string | null;
}

/** What a run's console.log says so far: its step timeline and the W&B run page it announced last. */
export interface ConsoleRead {
  timeline: Timeline;
  /** slime's --use-wandb run page, if the console announced one. */
  wandbUrl: string | null;
}

/**
 * Step timelines of runs' console.log files, read incrementally: each call reads only the bytes appended
 * since the last (`tail -c +N`, one exec), so asking once a second while a run streams costs what it
 * wrote, and a finished run is read once. A replaced or truncated file starts over.
 */
export class ConsoleTimelines {
  private readonly followed = new Map<string, Followed>();
  /** The read under way per file: the viewer's timeline and its infrastructure panel ask at once. */
  private readonly reading = new Map<string, Promise<ConsoleRead | null>>();

  /** What the file says, or null when it does not exist (yet). */
  get(target: Target, path: string): Promise<ConsoleRead | null> {
    const key = `${target.label}\u0000${path}`;
    // Two reads from one offset would fold the same lines in twice: a call waits for the one before it.
    const next = (this.reading.get(key) ?? Promise.resolve(null))
      .catch(() => null)
      .then(() => this.read(key, target, path));
    this.reading.set(key, next);
    void next
      .finally(() => {
        if (this.reading.get(key) === next) this.reading.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  private async read(key: string, target: Target, path: string): Promise<ConsoleRead | null> {
    const stat = await target.stat(path);
    if (!stat) {
      this.followed.delete(key);
      return null;
    }
    let f = this.followed.get(key);
    if (!f || stat.size < f.offset || (stat.ino !== undefined && f.ino !== undefined && stat.ino !== f.ino)) {
      f = { builder: new TimelineBuilder(), offset: 0, ino: stat.ino, wandbUrl: null };
      this.followed.set(key, f);
    }
    if (stat.size > f.offset) {
      const r = await target.exec(['tail', '-c', `+${f.offset + 1}`, path], { timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`cannot read ${path}: ${r.stderr.toString('utf8').trim()}`);
      // A line still being written is read again next time, whole.
      const end = r.stdout.lastIndexOf(10);
      if (end >= 0) {
        for (const line of r.stdout.subarray(0, end).toString('utf8').split('\n')) {
          f.builder.applyLine(line);
          f.wandbUrl = wandbRunUrl(line) ?? f.wandbUrl;
        }
        f.offset += end + 1;
      }
    }
    return { timeline: f.builder.timeline(), wandbUrl: f.wandbUrl };
  }
}
