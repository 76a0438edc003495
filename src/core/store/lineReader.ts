import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createLineMemory, readLineHead } from './lineHead';
import { LINE_RULES } from './recordEntry';
import type { LineHead } from './recordEntry';

// Reading lines (their index fields and prompt) runs in worker threads, so the thread that receives the
// stream (SSH decryption, line cutting, writes) never waits for it; the store applies the answers in the
// order it sent the batches. A batch's buffer is handed to the thread and back, never copied. The
// workers' program is readLineHead's and createLineMemory's own source, so the same functions are
// checked and tested here and run there, bundled or not.
const WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const readLineHead = ${readLineHead.toString()};
const createLineMemory = ${createLineMemory.toString()};
const memory = createLineMemory();
parentPort.on('message', ({ id, bytes, ranges }) => {
  const line = Buffer.from(bytes);
  const heads = [];
  for (let k = 0; k < ranges.length; k += 2) {
    heads.push(readLineHead(line, ranges[k], ranges[k + 1], workerData, memory));
  }
  parentPort.postMessage({ id, heads, bytes }, [bytes]);
});
`;

export interface ReadLines {
  heads: LineHead[];
  /** The batch's buffer, handed back. */
  bytes: ArrayBuffer;
}

interface Waiting {
  resolve(read: ReadLines): void;
  reject(e: Error): void;
}

/** One reader thread and the batches it has not answered yet. */
class ReaderThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  get queued(): number {
    return this.waiting.size;
  }

  /** The heads of the lines at `ranges` (start, end pairs, newline excluded) of `bytes`, in order. */
  read(bytes: ArrayBuffer, ranges: number[]): Promise<ReadLines> {
    if (ranges.length === 0) return Promise.resolve({ heads: [], bytes });
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Only a worker with work keeps the process alive.
      worker.ref();
      worker.postMessage({ id, bytes, ranges }, [bytes]);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: LINE_RULES });
    worker.unref();
    worker.on('message', ({ id, heads, bytes }: { id: number } & ReadLines) => {
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      w?.resolve({ heads, bytes });
    });
    const fail = (e: Error) => {
      if (this.worker === worker) this.worker = undefined;
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of waiting) w.reject(new Error(`the line reader thread stopped: ${e.message}`));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

class LineReader {
  private readonly threads = Array.from({ length: WORKERS }, () => new ReaderThread());

  /** As ReadLines.read, on the least busy thread. */
  read(bytes: ArrayBuffer, ranges: number[]): Promise<ReadLines> {
    const thread = this.threads.reduce((a, b) => (b.queued < a.queued ? b : a));
    return thread.read(bytes, ranges);
  }
}

/** The reader threads for every store in this process: the stores' lines queue up in them. */
export const lineReader = new LineReader();
