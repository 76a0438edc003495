import { contentOf, RecordError, type RecordTurn } from './chatRecord';
import { isPlainObject } from './pythonText';
import { toolsFromJson } from './tools';
import type { ToolSpec } from './types';

export interface Tau2Turn extends RecordTurn {
  /** Index of the simulation. */
  record: number;
}

export interface Tau2Turns {
  turns: Tau2Turn[];
  tools: ToolSpec[] | undefined;
  problems: { record: number; message: string }[];
  records: number;
  /** Assistant turns with no raw text: structured tool calls the agent's API had already parsed. */
  withoutText: number;
}

/**
 * The assistant turns of a tau2-bench results document (v0.x single file: {info, tasks, simulations}). The raw
 * model text is `raw_data.message.content` when the agent went through an OpenAI-style API, `raw_data.action`
 * on the gym path slime uses, else the message's `content`.
 */
export function turnsOfTau2Results(doc: Record<string, unknown>, simulations: readonly unknown[]): Tau2Turns {
  const out: Tau2Turns = {
    turns: [],
    tools: undefined,
    problems: [],
    records: simulations.length,
    withoutText: 0,
  };
  const toolDefs = field(field(doc.info, 'environment_info'), 'tool_defs');
  if (toolDefs !== undefined && toolDefs !== null) {
    try {
      out.tools = toolsFromJson(toolDefs);
    } catch (e) {
      out.problems.push({ record: -1, message: `info.environment_info.tool_defs: ${(e as Error).message}` });
    }
  }
  simulations.forEach((sim, record) => {
    const messages = field(sim, 'messages');
    if (!Array.isArray(messages)) {
      out.problems.push({ record, message: `simulations[${record}] has no 'messages' array` });
      return;
    }
    messages.forEach((m, message) => {
      if (!isPlainObject(m) || m.role !== 'assistant') return;
      const base = ['simulations', record, 'messages', message];
      try {
        const turn = rawTurn(m, base, `simulations[${record}].messages[${message}]`);
        if (turn !== undefined) out.turns.push({ record, message, ...turn });
        else out.withoutText++;
      } catch (e) {
        if (!(e instanceof RecordError)) throw e;
        out.problems.push({ record, message: e.message });
      }
    });
  });
  return out;
}

function rawTurn(
  m: Record<string, unknown>,
  base: (string | number)[],
  where: string,
): Omit<RecordTurn, 'message'> | undefined {
  const raw = m.raw_data;
  const finish: { finishReason?: 'length' } =
    field(raw, 'finish_reason') === 'length' ? { finishReason: 'length' } : {};
  // With an API response stored, its content is the model's text; null there means the model made a
  // structured tool call and the message's own content (such as ###STOP### for done) was written by tau2.
  const apiMessage = field(raw, 'message');
  if (isPlainObject(apiMessage)) {
    const apiContent = apiMessage.content;
    if (typeof apiContent !== 'string') return undefined;
    return { text: apiContent, path: [...base, 'raw_data', 'message', 'content'], ...finish };
  }
  const action = field(raw, 'action');
  if (typeof action === 'string') return { text: action, path: [...base, 'raw_data', 'action'], ...finish };
  const content = contentOf(m.content, [...base, 'content'], where);
  return content === undefined ? undefined : { ...content, ...finish };
}

function field(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}
