import type { StepTiming } from '../runspec/stepTimeline';
import type { StepEnd } from '../../shared/stepEnds';

// Step boundaries on the GPU timeline. GPU readings carry this machine's epoch milliseconds; slime stamps
// its console lines in the box's local time with no zone, so a step's end is placed with the box's UTC
// offset (`date +%z` on the box). One offset serves the whole run: a daylight-saving change during the run
// moves the marks after it by an hour, and the boxes people train on mostly run in UTC anyway.

/** Minutes east of UTC from `date +%z` output (`+0530`, `-0700`); null for anything else. */
export function parseUtcOffset(text: string): number | null {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Where each ended step's boundary sits, for steps whose closing line carried a stamp. */
export function stepEnds(steps: readonly StepTiming[], utcOffsetMinutes: number): StepEnd[] {
  const ends: StepEnd[] = [];
  for (const s of steps) {
    const m = s.endedAt && /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s.endedAt);
    if (!m) continue;
    const [y, mo, d, h, mi, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    ends.push({ step: s.step, t: Date.UTC(y, mo - 1, d, h, mi, sec) - utcOffsetMinutes * 60_000 });
  }
  return ends;
}
