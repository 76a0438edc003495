import { scanSample } from '../metrics/behaviourScan';
import type { BehaviourFlag } from '../metrics/behaviourScan';
import type { SampleRecord } from '../records/tapRecord';
import { analyzeTurn } from '../toolcall/analyzeTurn';
import { toolsByValue } from '../toolcall/toolsByValue';
import type { Profile, TurnAnalysis } from '../toolcall/types';
import { analyzeTurns } from '../trajectory/turnAnalyzer';
import { turnsFromMessages } from '../trajectory/turnsFromMessages';

// What the sample table shows beyond the store's index (turns, tool calls, length, diagnostic codes).
// The index is owned by the store and has none of these, so the viewer derives them from the bodies.

export interface SampleExtras {
  /** Turns after the system prompt. */
  turns: number;
  /** Tool-call blocks the model wrote, parsed or not (a dropped call is still an attempt). */
  calls: number;
  length: number;
  lengthUnit: 'tokens' | 'chars';
  /** Distinct diagnostic codes over the assistant turns, sorted. */
  codes: string[];
  /** slime's remove_sample, as the tap recorded it. */
  removed: boolean;
  /** The behaviour scanner's flags for this sample (loop, early done, …), sorted. */
  flags: BehaviourFlag[];
}

/** Reads extras from records; caches parsed tool lists by their text, as a run offers the same tools. */
export function extrasReader(profile: Profile): (record: SampleRecord) => SampleExtras {
  const toolsOf = toolsByValue();
  return (record) => {
    const tools = toolsOf(record);
    // The scanner reads the same turns again: one analysis per text serves both.
    const analyses = new Map<string, TurnAnalysis>();
    const analyze = (text: string, finishReason: 'stop' | 'length') => {
      const key = `${finishReason}\u0000${text}`;
      let a = analyses.get(key);
      if (!a) analyses.set(key, (a = analyzeTurn(text, { profile, tools, finishReason })));
      return a;
    };
    const codes = new Set<string>();
    let calls = 0;
    let chars = 0;
    const lastAssistant = record.messages.findLastIndex((m) => m.role === 'assistant');
    record.messages.forEach((m, i) => {
      if (m.role !== 'assistant') return;
      chars += m.content.length;
      if (m.toolCalls !== undefined && m.toolCalls.length > 0) {
        calls += m.toolCalls.length;
        return;
      }
      const finishReason = i === lastAssistant && record.status === 'truncated' ? 'length' : 'stop';
      const analysis = analyze(m.content, finishReason);
      for (const d of analysis.diagnostics) codes.add(d.code);
      const opened = m.content.split('<tool_call>').length - 1;
      calls += Math.max(opened, analysis.verdict.calls.length);
    });
    const tokens = record.responseTokens;
    const turns = turnsFromMessages(record.messages, () => undefined);
    analyzeTurns(turns, (text, context) => analyze(text, context.finishReason ?? 'stop'), {
      truncated: record.status === 'truncated',
    });
    const flags = new Set(
      scanSample({
        id: '',
        source: { file: '', line: 0 },
        step: record.step,
        evaluation: record.evaluation,
        group: String(record.group),
        index: record.index,
        status: record.status,
        reward: { value: record.reward },
        turns,
        metadata: {},
        lengths: { turns: turns.length },
      }).map((h) => h.flag),
    );
    return {
      turns: record.messages.filter((m) => m.role !== 'system').length,
      calls,
      length: tokens ?? chars,
      lengthUnit: tokens === undefined ? 'chars' : 'tokens',
      codes: [...codes].sort(),
      removed: record.removed === true,
      flags: [...flags].sort(),
    };
  };
}
