import type { PromSample } from './prometheusText';

// What a running SGLang server is doing, from its /metrics (gauge names as in SGLang 0.5.9's
// srt/metrics/collector.py, unchanged since the 0.4 releases). A server with several schedulers (data
// parallel ranks, or --enable-metrics-for-all-schedulers) reports one series per scheduler: requests and
// throughput add up across them; KV-cache use is that of the fullest, which is the one that queues first.

export interface SglangLoad {
  /** Requests being decoded now (sglang:num_running_reqs). */
  running: number | null;
  /** Requests waiting for room (sglang:num_queue_reqs). */
  queued: number | null;
  /** KV-cache use, 0…1 (sglang:token_usage). */
  kvCacheUse: number | null;
  /** Tokens generated per second over the last logging interval (sglang:gen_throughput). */
  genThroughput: number | null;
}

function pick(
  samples: readonly PromSample[],
  name: string,
  combine: (xs: number[]) => number,
): number | null {
  const xs = samples.filter((s) => s.name === name && Number.isFinite(s.value)).map((s) => s.value);
  return xs.length === 0 ? null : combine(xs);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function sglangLoad(samples: readonly PromSample[]): SglangLoad {
  return {
    running: pick(samples, 'sglang:num_running_reqs', sum),
    queued: pick(samples, 'sglang:num_queue_reqs', sum),
    kvCacheUse: pick(samples, 'sglang:token_usage', (xs) => Math.max(...xs)),
    genThroughput: pick(samples, 'sglang:gen_throughput', sum),
  };
}

/** The load in one line, as the Servers view shows it; figures the server did not report are left out. */
export function describeLoad(load: SglangLoad): string {
  const parts = [
    load.running === null ? undefined : `${load.running} running`,
    load.queued === null ? undefined : `${load.queued} queued`,
    load.kvCacheUse === null ? undefined : `KV cache ${Math.round(load.kvCacheUse * 100)}%`,
    load.genThroughput === null
      ? undefined
      : `${Math.round(load.genThroughput).toLocaleString('en-US')} tok/s`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no load figures in /metrics';
}
