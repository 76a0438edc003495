import type { TrajectorySample } from '../trajectory/sample';
import { sampleId } from '../trajectory/sampleId';
import { analyzeTurns } from '../trajectory/turnAnalyzer';
import { isRecord, turnsFromMessages } from '../trajectory/turnsFromMessages';
import { toolsFromJson } from '../toolcall/tools';
import type { ToolSpec } from '../toolcall/types';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import type { ImportResult } from './importResult';
import { jsonLines } from './jsonLines';

// OpenAI chat JSONL, the shape of SFT datasets: `{"messages": [...], "tools": [...]}` per line (ShareGPT's
// `conversations` with from/value is read too). Each line becomes one sample of one group, so a dataset can be
// browsed like a run; there is no reward.

export function importChatJsonl(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const problems = new ImportProblems(file);
  const samples: TrajectorySample[] = [];
  for (const { line, value } of jsonLines(text, problems)) {
    const messages = isRecord(value) ? (value.messages ?? value.conversations) : undefined;
    if (!isRecord(value) || !Array.isArray(messages)) {
      problems.report(line, 'messages', 'no messages array; line skipped');
      problems.skipped++;
      continue;
    }
    const report = (path: string, message: string) => problems.report(line, path, message);
    const turns = turnsFromMessages(
      messages,
      report,
      Array.isArray(value.messages) ? 'messages' : 'conversations',
    );
    const group = String(samples.length);
    const sample: TrajectorySample = {
      id: sampleId(0, false, group, 0),
      source: { file, line },
      step: 0,
      evaluation: false,
      group,
      index: 0,
      status: null,
      reward: { value: null },
      turns,
      metadata: isRecord(value.metadata) ? value.metadata : {},
      lengths: { turns: turns.length },
    };
    let tools: ToolSpec[] | undefined;
    if (Array.isArray(value.tools)) {
      sample.tools = value.tools;
      try {
        tools = toolsFromJson(value.tools);
      } catch (e) {
        report('tools', `${(e as Error).message} Tool names and arguments are not checked.`);
      }
    }
    if (options.analyzer !== undefined)
      analyzeTurns(turns, options.analyzer, tools === undefined ? {} : { tools });
    samples.push(sample);
  }
  return { format: 'chat', samples, steps: [], problems: problems.list, skipped: problems.skipped };
}
