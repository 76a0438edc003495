import { describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { detectFormat } from '../../../src/core/importers/detectFormat';
import { readFixture } from './fixtures';

describe('format detection', () => {
  it('recognises every committed fixture', () => {
    expect(detectFormat('x.json', readFixture('tau2-v0-telecom-gpt41-trimmed.json')).format).toBe('tau2');
    expect(detectFormat('results.json', readFixture('tau2-v1-dir/results.json')).format).toBe('tau2');
    expect(detectFormat('s.jsonl', readFixture('tau2-recipe-samples.jsonl')).format).toBe('tau2-recipe');
    expect(detectFormat('s.jsonl', readFixture('slime-template-sample.jsonl')).format).toBe('tau2-recipe');
    expect(detectFormat('e.jsonl', readFixture('episode-log/task_000012/episode.jsonl')).format).toBe(
      'episode',
    );
    expect(detectFormat('c.jsonl', readFixture('chat-sft.jsonl')).format).toBe('chat');
    expect(detectFormat('r.jsonl', JSON.stringify(demoSample(0, 0, 0))).format).toBe('tap');
    expect(detectFormat('rollouts.jsonl', readFixture('tap-rollouts.jsonl')).format).toBe('tap');
    expect(detectFormat('rollout_3.pt', 'PK\u0003\u0004').format).toBe('slime-dump');
  });

  it('tells a JSON document from JSONL and gives up on the unknown', () => {
    expect(detectFormat('d.json', '{\n "rollout_id": 1,\n "samples": []\n}').format).toBe('tau2-recipe');
    expect(detectFormat('d.json', '[{"prompt": "x"}]').format).toBe('tau2-recipe');
    expect(detectFormat('n.txt', 'hello').format).toBeUndefined();
    expect(detectFormat('n.jsonl', '{"something": 1}\n{"else": 2}').format).toBeUndefined();
  });
});
