import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Profile } from '../toolcall/types';
import type { Diagnosis } from './diagnoseRecord';
import type { DiagnoseJob } from './diagnoseWorker';

// The stores' diagnostics passes count in worker threads, one per core, so a run's records are counted
// in parallel and off the thread that receives streams. The workers run diagnoseWorker.ts bundled on its
// own beside the bundle that loads this (dist/ in the extension and the CLI); where there is none (tests
// run the sources) the stores count on their own thread, with the same function.

interface Waiting {
  resolve(diagnoses: Diagnosis[]): void;
  reject(e: Error): void;
}

class DiagnoseThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly script: string) {}

  get queued(): number {
    return this.waiting.size;
  }

  count(profile: Profile, bytes: ArrayBuffer, ranges: number[]): Promise<Diagnosis[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Only a worker with work keeps the process alive.
      worker.ref();
      const job: DiagnoseJob = { id, profile, bytes, ranges };
      worker.postMessage(job, [bytes]);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', ({ id, diagnoses }: { id: number; diagnoses: Diagnosis[] }) => {
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      w?.resolve(diagnoses);
    });
    const fail = (e: Error) => {
      if (this.worker === worker) this.worker = undefined;
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of waiting) w.reject(new Error(`a diagnostics thread stopped: ${e.message}`));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

export class DiagnoseThreads {
  private readonly threads: DiagnoseThread[];

  constructor(script: string, count = availableParallelism()) {
    this.threads = Array.from({ length: Math.max(1, count) }, () => new DiagnoseThread(script));
  }

  get size(): number {
    return this.threads.length;
  }

  /** The diagnoses of the records at `ranges` (start, end pairs) of `bytes`, in order, on the least busy thread. */
  count(profile: Profile, bytes: ArrayBuffer, ranges: number[]): Promise<Diagnosis[]> {
    const thread = this.threads.reduce((a, b) => (b.queued < a.queued ? b : a));
    return thread.count(profile, bytes, ranges);
  }
}

let shared: DiagnoseThreads | null | undefined;

/** The process's diagnostics threads, or null where no worker program is bundled beside this one. */
export function diagnoseThreads(): DiagnoseThreads | null {
  if (shared === undefined) {
    const script = typeof __dirname === 'string' ? join(__dirname, 'diagnoseWorker.js') : undefined;
    shared = script !== undefined && existsSync(script) ? new DiagnoseThreads(script) : null;
  }
  return shared;
}

/**
 * Points the process's stores at a bundled worker program (tests that build one, benchmarks that count
 * with fewer threads than cores); null: count in-thread.
 */
export function useDiagnoseWorker(script: string | null, count?: number): void {
  shared = script === null ? null : new DiagnoseThreads(script, count);
}
