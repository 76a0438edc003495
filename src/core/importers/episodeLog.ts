import type { SampleStatus, TrajectorySample } from '../trajectory/sample';
import { sampleId } from '../trajectory/sampleId';
import type { ToolCall, Turn } from '../trajectory/turn';
import { analyzeTurns } from '../trajectory/turnAnalyzer';
import { isRecord } from '../trajectory/turnsFromMessages';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import type { ImportResult } from './importResult';
import { jsonLines } from './jsonLines';

// The tau1 example's EpisodeLogger (slime PR #1156, tau1/episode_logger.py + trainable_agents.py): one
// `episode.jsonl` per episode, under `<run>/task_<index>/`, with one record per phase of each step:
// `llm_output` (assistant_raw, assistant, finish_type), `tool_parse` (tool_parse_ok, tool_calls or
// tool_parse_error) and `env_step` (action_name, observation, reward, done, or env_step_ok false + error).
// Long strings are truncated by the logger itself, so texts may end in "...[truncated N chars]".

const RESPOND = 'respond';

export function importEpisodeLog(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const problems = new ImportProblems(file);
  const turns: Turn[] = [];
  let reward: number | null = null;
  let done = false;
  let status: SampleStatus | null = null;
  let parseFailures = 0;
  let lastAssistant: Turn | undefined;
  for (const { line, value } of jsonLines(text, problems)) {
    if (!isRecord(value)) {
      problems.report(line, '', 'record is not a JSON object');
      problems.skipped++;
      continue;
    }
    const phase = value.phase;
    if (phase === 'llm_output') {
      if (value.finish_type === 'abort') status = 'aborted';
      const text = typeof value.assistant === 'string' ? value.assistant : value.assistant_raw;
      if (typeof text !== 'string') {
        problems.report(line, 'assistant', 'llm_output without assistant text; step skipped');
        problems.skipped++;
        continue;
      }
      lastAssistant = { role: 'assistant', text, toolCalls: [], trainable: true };
      if (value.finish_type === 'length') status = 'truncated';
      turns.push(lastAssistant);
    } else if (phase === 'tool_parse') {
      if (value.tool_parse_ok === false) {
        parseFailures++;
        status = 'aborted';
      } else if (lastAssistant !== undefined && Array.isArray(value.tool_calls)) {
        lastAssistant.toolCalls = parsedCalls(value.tool_calls, line, problems);
      }
    } else if (phase === 'env_step') {
      turns.push(envTurn(value));
      if (value.env_step_ok === false) status = 'aborted';
      if (typeof value.reward === 'number') reward = value.reward;
      if (value.done === true) done = true;
    } else {
      problems.report(line, 'phase', `unknown phase ${JSON.stringify(phase)}; record skipped`);
      problems.skipped++;
    }
  }
  const taskIndex = /task_(\d+)/.exec(file)?.[1];
  const group = taskIndex === undefined ? '0' : String(Number(taskIndex));
  // trainable_agents.py: done → completed; no done after the step budget → truncated; errors → aborted.
  const finalStatus = status ?? (done ? 'completed' : 'truncated');
  const sample: TrajectorySample = {
    id: sampleId(0, false, group, 0),
    source: { file },
    step: 0,
    evaluation: false,
    group,
    index: 0,
    status: finalStatus,
    reward: { value: reward, raw: reward },
    turns,
    metadata: parseFailures > 0 ? { tool_parse_failures: parseFailures } : {},
    lengths: { turns: turns.length },
  };
  if (taskIndex !== undefined) sample.taskId = String(Number(taskIndex));
  if (options.analyzer !== undefined)
    analyzeTurns(turns, options.analyzer, { truncated: finalStatus === 'truncated' });
  const samples = turns.length > 0 ? [sample] : [];
  return { format: 'episode', samples, steps: [], problems: problems.list, skipped: problems.skipped };
}

function envTurn(value: Record<string, unknown>): Turn {
  const action = typeof value.action_name === 'string' ? value.action_name : undefined;
  if (value.env_step_ok === false) {
    const turn: Turn = {
      role: 'tool',
      text: typeof value.error === 'string' ? value.error : '',
      toolCalls: [],
    };
    turn.isError = true;
    if (action !== undefined) turn.toolName = action;
    return turn;
  }
  const text =
    typeof value.observation === 'string' ? value.observation : JSON.stringify(value.observation ?? '');
  // The env answers a `respond` action with the user's next message, any other action with a tool result.
  if (action === RESPOND) return { role: 'user', text, toolCalls: [] };
  if (action === undefined) return { role: 'environment', text, toolCalls: [] };
  return { role: 'tool', text, toolCalls: [], toolName: action, isError: false };
}

/** SGLang's parse_non_stream calls: `{tool_index, name, parameters: "<json string>"}`. */
function parsedCalls(raw: unknown[], line: number, problems: ImportProblems): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const [i, c] of raw.entries()) {
    if (!isRecord(c) || typeof c.name !== 'string') {
      problems.report(line, `tool_calls[${i}]`, 'tool call without a string name; skipped');
      continue;
    }
    let args: unknown = c.parameters ?? c.arguments ?? {};
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args) as unknown;
      } catch {
        problems.report(line, `tool_calls[${i}].parameters`, 'parameters string is not JSON; kept as text');
      }
    }
    calls.push({ name: c.name, arguments: args });
  }
  return calls;
}
