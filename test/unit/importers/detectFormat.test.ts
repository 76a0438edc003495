import { describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { detectFormat } from '../../../src/core/importers/detectFormat';
import { readFixture } from './fixtures';

describe('format detection', () => {
  it('recognises every committed fixture', () => {
    expect(detectFormat('x.json', readFixture('tau2-v0-telecom-gpt41-trimmed.json'))).toBe('tau2');
    expect(detectFormat('results.json', readFixture('tau2-v1-dir/results.json'))).toBe('tau2');
    expect(detectFormat('s.jsonl', readFixture('tau2-recipe-samples.jsonl'))).toBe('tau2-recipe');
    expect(detectFormat('s.jsonl', readFixture('slime-template-sample.jsonl'))).toBe('tau2-recipe');
    expect(detectFormat('e.jsonl', readFixture('episode-log/task_000012/episode.jsonl'))).toBe('episode');
    expect(detectFormat('c.jsonl', readFixture('chat-sft.jsonl'))).toBe('chat');
    expect(detectFormat('r.jsonl', JSON.stringify(demoSample(0, 0, 0)))).toBe('tap');
    expect(detectFormat('rollouts.jsonl', readFixture('tap-rollouts.jsonl'))).toBe('tap');
    expect(detectFormat('rollout_3.pt', 'PK\u0003\u0004')).toBe('slime-dump');
  });

  it('tells a JSON document from JSONL and gives up on the unknown', () => {
    expect(detectFormat('d.json', '{\n "rollout_id": 1,\n "samples": []\n}')).toBe('tau2-recipe');
    expect(detectFormat('d.json', '[{"prompt": "x"}]')).toBe('tau2-recipe');
    expect(detectFormat('n.txt', 'hello')).toBeUndefined();
    expect(detectFormat('n.jsonl', '{"something": 1}\n{"else": 2}')).toBeUndefined();
  });
});
