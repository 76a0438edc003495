import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { toolsOfJsonl } from '../../../src/core/toolcall/tools';

test("a dataset's tools come from its first record that names them", () => {
  const text = readFileSync(new URL('../../fixtures/datasets/broken-calls.jsonl', import.meta.url), 'utf8');
  expect(toolsOfJsonl(text)?.map((t) => t.name)).toContain('get_order_details');
  expect(toolsOfJsonl(`not json\n{"messages": []}\n${text}`)?.length).toBe(toolsOfJsonl(text)?.length);
  expect(toolsOfJsonl('{"messages": []}\n')).toBeUndefined();
  expect(toolsOfJsonl('{"tools": 3}\n')).toBeUndefined();
});
