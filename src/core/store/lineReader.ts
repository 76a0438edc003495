import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LINE_RULES, promptHash, readLineHead } from './recordEntry';
import type { LineHead } from './recordEntry';

// Reading a line (JSON.parse and the index fields) is most of the cost of ingesting it. It runs in
// worker threads so the thread that receives the stream (SSH decryption, line splitting, writes) never
// waits for it, and a catch-up of a large file reads batches on two cores at once; the store applies
// the answers in the order it sent the batches. The workers' program is readLineHead's (and promptHash's) own source, so
// the same function is checked and tested here and runs there, bundled or not.
const WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const readLineHead = ${readLineHead.toString()};
const promptHash = ${promptHash.toString()};
parentPort.on('message', ({ id, bytes, ends }) => {
  const buffer = Buffer.from(bytes);
  const heads = [];
  let start = 0;
  for (const end of ends) {
    heads.push(readLineHead(buffer.toString('utf8', start, end), workerData, promptHash));
    start = end;
  }
  parentPort.postMessage({ id, heads });
});
`;

interface Waiting {
  resolve(heads: LineHead[]): void;
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

  /** The heads of the given lines (each without its newline), in order. */
  read(lines: readonly Buffer[]): Promise<LineHead[]> {
    if (lines.length === 0) return Promise.resolve([]);
    const worker = this.start();
    let total = 0;
    for (const l of lines) total += l.length;
    // A fresh ArrayBuffer of its own, so it can be handed over rather than copied again.
    const bytes = new ArrayBuffer(total);
    const view = new Uint8Array(bytes);
    const ends = new Array<number>(lines.length);
    let at = 0;
    lines.forEach((l, i) => {
      view.set(l, at);
      at += l.length;
      ends[i] = at;
    });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Only a worker with work keeps the process alive.
      worker.ref();
      worker.postMessage({ id, bytes, ends }, [bytes]);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: LINE_RULES });
    worker.unref();
    worker.on('message', ({ id, heads }: { id: number; heads: LineHead[] }) => {
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      w?.resolve(heads);
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

  /** The heads of the given lines (each without its newline), in order; on the least busy thread. */
  read(lines: readonly Buffer[]): Promise<LineHead[]> {
    const thread = this.threads.reduce((a, b) => (b.queued < a.queued ? b : a));
    return thread.read(lines);
  }
}

/** The reader threads for every store in this process: the stores' lines queue up in them. */
export const lineReader = new LineReader();
