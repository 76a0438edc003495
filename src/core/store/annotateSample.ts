import type { SampleRecord } from '../records/tapRecord';
import { analyzeTurn } from '../toolcall/analyzeTurn';
import { isParserDrop } from '../../shared/parserDrops';
import { toolsFromJson } from '../toolcall/tools';
import type { Profile, ToolSpec } from '../toolcall/types';
import type { Annotate } from './recordEntry';

/**
 * Counts tool-call diagnostics over a sample's assistant turns for the index. Samples of a run offer
 * the same tools, but each arrives as fresh JSON; caching by text lets the engine reuse its compiled
 * schema validators instead of compiling them once per sample.
 */
export function sampleAnnotator(profile: Profile): Annotate {
  const toolsByText = new Map<string, ToolSpec[] | undefined>();
  const toolsOf = (sample: SampleRecord): ToolSpec[] | undefined => {
    if (sample.tools === undefined) return undefined;
    const text = JSON.stringify(sample.tools);
    if (!toolsByText.has(text)) {
      if (toolsByText.size > 64) toolsByText.clear();
      let tools: ToolSpec[] | undefined;
      try {
        tools = toolsFromJson(sample.tools);
      } catch {
        // Unreadable tool definitions: names and arguments go unchecked rather than all flagged.
        tools = undefined;
      }
      toolsByText.set(text, tools);
    }
    return toolsByText.get(text);
  };
  return (sample) => {
    const tools = toolsOf(sample);
    let errors = 0;
    let warnings = 0;
    let dropped = 0;
    const lastAssistant = sample.messages.findLastIndex((m) => m.role === 'assistant');
    sample.messages.forEach((m, i) => {
      if (m.role !== 'assistant') return;
      const finishReason = i === lastAssistant && sample.status === 'truncated' ? 'length' : 'stop';
      for (const d of analyzeTurn(m.content, { profile, tools, finishReason }).diagnostics) {
        if (d.severity === 'error') errors += 1;
        if (isParserDrop(d)) dropped += 1;
        else if (d.severity === 'warning') warnings += 1;
      }
    });
    return { errors, warnings, dropped };
  };
}
