import type { SampleRecord } from '../records/tapRecord';
import { analyzeTurn } from '../toolcall/analyzeTurn';
import { isParserDrop } from '../../shared/parserDrops';
import { toolsByText } from '../toolcall/toolsByText';
import type { Profile } from '../toolcall/types';
import type { Annotate } from './recordEntry';

/** Counts tool-call diagnostics over a sample's assistant turns for the index. */
export function sampleAnnotator(profile: Profile): Annotate {
  const toolsOf = toolsByText();
  const annotate = (sample: SampleRecord) => {
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
  return Object.assign(annotate, { profile });
}
