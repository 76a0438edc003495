import type { ToolSpec } from './types';

// One entry is enough: a record's tools serve all its turns, and records are read one after another.
// (A WeakMap keyed by every record's fresh tools array costs more in garbage collection than it saves.)
let lastTools: readonly ToolSpec[] | undefined;
let lastIndex = new Map<string, ToolSpec>();

/** The tools by name. */
export function toolIndex(tools: readonly ToolSpec[]): Map<string, ToolSpec> {
  if (tools !== lastTools) {
    lastIndex = new Map(tools.map((t) => [t.name, t]));
    lastTools = tools;
  }
  return lastIndex;
}
