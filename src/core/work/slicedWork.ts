// Long synchronous work (linting a large file, writing a converted run) done in slices: between slices
// the event loop runs, so a notification's Cancel reaches the work, and progress is reported.

/** What a caller hands long work: where to say how far it is, and how to stop it. */
export interface WorkControl {
  signal?: AbortSignal;
  /** Units done (bytes, records) out of total; called between slices and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

// Long enough that yielding costs little, short enough that Cancel is felt at once.
const SLICE_MS = 25;

/**
 * Runs `steps` (each yields how many units are done so far) to the end, yielding to the event loop
 * every slice. Throws the signal's reason (an AbortError) at the first slice boundary after an abort,
 * before any further step runs.
 */
export async function runSliced(
  steps: Iterable<number>,
  total: number,
  control: WorkControl = {},
): Promise<void> {
  const { signal, onProgress } = control;
  signal?.throwIfAborted();
  let sliceStart = Date.now();
  let done = 0;
  for (done of steps) {
    if (Date.now() - sliceStart < SLICE_MS) continue;
    onProgress?.(done, total);
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    sliceStart = Date.now();
  }
  onProgress?.(total, total);
}

/** True for what runSliced (or anything honouring an AbortSignal) throws when cancelled. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * The promise's outcome, or the signal's reason (an AbortError) as soon as it aborts: for a wait on work
 * that goes on whether or not this caller still wants it.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
