import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../src/core/infra/prometheusText';
import { describeLoad, sglangLoad } from '../../../src/core/infra/sglangLoad';

const SCRAPE = readFileSync(
  join(import.meta.dirname, '../../fixtures/upstream/sglang-metrics/metrics-0.5.9.txt'),
  'utf8',
);

describe("Prometheus text format, as SGLang's /metrics sends it", () => {
  it('reads every sample of the scrape with its labels, histograms and exponents included', () => {
    const samples = parsePrometheusText(SCRAPE, 'metrics');
    expect(samples).toHaveLength(SCRAPE.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length);
    expect(samples[0]).toEqual({
      name: 'sglang:num_running_reqs',
      labels: {
        engine_type: 'unified',
        model_name: 'qwen3-4b-grpo',
        moe_ep_rank: '0',
        pp_rank: '0',
        tp_rank: '0',
      },
      value: 12,
    });
    expect(samples.find((s) => s.name === 'sglang:prompt_tokens_total')!.value).toBe(1234567);
    const inf = samples.find(
      (s) => s.name === 'sglang:time_to_first_token_seconds_bucket' && s.labels.le === '+Inf',
    );
    expect(inf!.value).toBe(4);
  });

  it("sums requests and throughput over the schedulers and takes the fullest scheduler's KV cache", () => {
    expect(sglangLoad(parsePrometheusText(SCRAPE, 'metrics'))).toEqual({
      running: 21,
      queued: 3,
      kvCacheUse: 0.62,
      genThroughput: 1843.27 + 1702.5,
    });
    expect(sglangLoad([])).toEqual({ running: null, queued: null, kvCacheUse: null, genThroughput: null });
    expect(describeLoad(sglangLoad(parsePrometheusText(SCRAPE, 'metrics')))).toBe(
      '21 running · 3 queued · KV cache 62% · 3,546 tok/s',
    );
    expect(describeLoad(sglangLoad([]))).toBe('no load figures in /metrics');
  });

  it('unescapes label values and reads special values and timestamps', () => {
    const [a, b, c] = parsePrometheusText(
      'x{path="C:\\\\dir",q="say \\"hi\\"\\n",} NaN\ny -Inf 1712345678000\nz{} +Inf\n',
      's',
    );
    expect(a!.labels).toEqual({ path: 'C:\\dir', q: 'say "hi"\n' });
    expect(a!.value).toBeNaN();
    expect(b).toEqual({ name: 'y', labels: {}, value: -Infinity });
    expect(c!.value).toBe(Infinity);
  });

  it('refuses what is not the format, naming the line', () => {
    expect(() => parsePrometheusText('ok 1\n<html>', 'http://127.0.0.1:30000/metrics')).toThrow(
      'http://127.0.0.1:30000/metrics:2: not a sample (no metric name): "<html>"',
    );
    expect(() => parsePrometheusText('x{a="1" b="2"} 1', 's')).toThrow(
      /s:1: labels not separated by a comma/,
    );
    expect(() => parsePrometheusText('x{a="1} 1', 's')).toThrow(/label a is not closed/);
    expect(() => parsePrometheusText('x{a="\\t"} 1', 's')).toThrow(/bad escape in label a/);
    expect(() => parsePrometheusText('x{a="1",a="2"} 1', 's')).toThrow(/label a given twice/);
    expect(() => parsePrometheusText('x one', 's')).toThrow(/the value is not a number/);
    expect(() => parsePrometheusText('x 1 2.5', 's')).toThrow(/timestamp is not whole milliseconds/);
    expect(() => parsePrometheusText('# TYPE x gauges', 's')).toThrow(/unknown metric type/);
    expect(parsePrometheusText('# a comment\n\n# HELP x some help\nx 1\n', 's')).toHaveLength(1);
  });
});
