import equal from 'fast-deep-equal';
import type { SampleRecord } from '../records/tapRecord';
import { toolsFromJson } from './tools';
import type { ToolSpec } from './types';

/**
 * The tools a record offers, parsed once per distinct list. Samples of a run offer the same tools, but
 * each arrives as fresh JSON; finding the list among those seen lets the engine reuse its compiled schema
 * validators instead of compiling them once per sample. Lists are compared as values, not as their JSON
 * text: serialising every sample's tools cost the diagnostics pass a fifth of its time. Kept small: a run
 * offers a handful of tool lists.
 */
export function toolsByValue(): (record: SampleRecord) => ToolSpec[] | undefined {
  const seen: { json: unknown; tools: ToolSpec[] | undefined }[] = [];
  return (record) => {
    if (record.tools === undefined) return undefined;
    const json: unknown = record.tools;
    const known = seen.find((s) => equal(s.json, json));
    if (known) return known.tools;
    if (seen.length > 64) seen.length = 0;
    let tools: ToolSpec[] | undefined;
    try {
      tools = toolsFromJson(record.tools);
    } catch {
      // Unreadable tool definitions: names and arguments go unchecked rather than all flagged.
      tools = undefined;
    }
    // The most recent list first: samples come in runs of one domain.
    seen.unshift({ json, tools });
    return tools;
  };
}
