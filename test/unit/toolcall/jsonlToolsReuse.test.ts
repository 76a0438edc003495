import { describe, expect, it } from 'vitest';
import { JsonlToolsReuse } from '../../../src/core/toolcall/jsonlToolsReuse';
import type { RecordTools } from '../../../src/core/toolcall/chatRecord';

const tools = [{ type: 'function', function: { name: 'a', parameters: { type: 'object' } } }];
const read: RecordTools = { tools: [{ name: 'a', parameters: { type: 'object' } }] };
const line = (record: unknown): string => JSON.stringify(record);

describe('JsonlToolsReuse', () => {
  it('reuses the tools of a record whose line ends with the same tools text', () => {
    const reuse = new JsonlToolsReuse();
    const first = { messages: [], tools };
    reuse.remember(line(first), first, read);
    expect(reuse.lookup(line({ messages: [{ role: 'user', content: 'x' }], tools }))).toEqual(read);
    expect(reuse.lookup(`${line({ messages: [], tools })}\r`)).toEqual(read);
  });

  it('does not reuse for different tools, tools not at the end, or a key that only ends in "tools"', () => {
    const reuse = new JsonlToolsReuse();
    const first = { messages: [], tools };
    reuse.remember(line(first), first, read);
    expect(reuse.lookup(line({ messages: [], tools: [] }))).toBeUndefined();
    expect(reuse.lookup(line({ tools, messages: [] }))).toBeUndefined();
    expect(reuse.lookup(line({ messages: [], 'x"tools': tools }))).toBeUndefined();
  });

  it('trusts a tools text only once it parsed to the record’s own tools', () => {
    const reuse = new JsonlToolsReuse();
    const nested = { meta: { tools }, messages: [] };
    reuse.remember(line(nested), nested, read);
    expect(reuse.lookup(line(nested))).toBeUndefined();
  });
});
