import type { SampleRecord } from '../records/tapRecord';
import { isCleanTurn } from '../toolcall/cleanTurn';
import { analyzeTurnFully } from '../toolcall/fullAnalysis';
import { isParserDrop } from '../../shared/parserDrops';
import { toolsByValue } from '../toolcall/toolsByValue';
import type { Profile } from '../toolcall/types';
import type { Annotate } from './recordEntry';

/** Counts tool-call diagnostics over a sample's assistant turns for the index. */
export function sampleAnnotator(profile: Profile): Annotate {
  const toolsOf = toolsByValue();
  const annotate = (sample: SampleRecord) => {
    const tools = toolsOf(sample);
    let errors = 0;
    let warnings = 0;
    let dropped = 0;
    const lastAssistant = sample.messages.findLastIndex((m) => m.role === 'assistant');
    sample.messages.forEach((m, i) => {
      if (m.role !== 'assistant') return;
      const finishReason = i === lastAssistant && sample.status === 'truncated' ? 'length' : 'stop';
      const opts = { profile, tools, finishReason } as const;
      // Most turns read clean and so have no diagnostics: only the others are analysed in full.
      if (isCleanTurn(m.content, opts)) return;
      for (const d of analyzeTurnFully(m.content, opts).diagnostics) {
        if (d.severity === 'error') errors += 1;
        if (isParserDrop(d)) dropped += 1;
        else if (d.severity === 'warning') warnings += 1;
      }
    });
    return { errors, warnings, dropped };
  };
  return Object.assign(annotate, { profile });
}
