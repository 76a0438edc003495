import type { SampleRecord } from '../records/tapRecord';
import { toolsFromJson } from './tools';
import type { ToolSpec } from './types';

/**
 * The tools a record offers, parsed once per distinct text. Samples of a run offer the same tools, but
 * each arrives as fresh JSON; caching by text lets the engine reuse its compiled schema validators
 * instead of compiling them once per sample. Kept small: a run offers a handful of tool lists.
 */
export function toolsByText(): (record: SampleRecord) => ToolSpec[] | undefined {
  const cache = new Map<string, ToolSpec[] | undefined>();
  return (record) => {
    if (record.tools === undefined) return undefined;
    const text = JSON.stringify(record.tools);
    if (!cache.has(text)) {
      if (cache.size > 64) cache.clear();
      let tools: ToolSpec[] | undefined;
      try {
        tools = toolsFromJson(record.tools);
      } catch {
        // Unreadable tool definitions: names and arguments go unchecked rather than all flagged.
        tools = undefined;
      }
      cache.set(text, tools);
    }
    return cache.get(text);
  };
}
