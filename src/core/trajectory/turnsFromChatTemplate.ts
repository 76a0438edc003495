import type { Turn, TurnRole } from './turn';
import type { ReportProblem } from './turnsFromMessages';

// Qwen's chat template rendered to text: `<|im_start|>role\n…<|im_end|>`. Used when a source keeps only
// the text (a slime sample whose prompt is a string). Qwen templates put tool results inside a user block as
// `<tool_response>…</tool_response>`; each becomes its own tool turn. A last block without `<|im_end|>` is
// the generation that was cut off or is still open, and is kept.

const START = '<|im_start|>';
const END = '<|im_end|>';
const ROLES: Record<string, TurnRole> = {
  system: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
};
const TOOL_RESPONSE = /<tool_response>\n?([\s\S]*?)\n?<\/tool_response>/g;

export function turnsFromChatTemplate(text: string, report: ReportProblem, path = 'text'): Turn[] {
  const turns: Turn[] = [];
  const blocks = text.split(START);
  if ((blocks[0] ?? '').trim() !== '')
    report(path, 'text before the first <|im_start|> is not part of any turn');
  for (const [i, block] of blocks.slice(1).entries()) {
    const newline = block.indexOf('\n');
    const roleName = (newline < 0 ? block : block.slice(0, newline)).trim();
    const role = ROLES[roleName];
    if (role === undefined) {
      report(`${path}#${i}`, `unknown role ${JSON.stringify(roleName)} after <|im_start|>; block skipped`);
      continue;
    }
    const end = block.indexOf(END);
    const body = newline < 0 ? '' : block.slice(newline + 1, end < 0 ? undefined : end);
    const responses = role === 'user' ? [...body.matchAll(TOOL_RESPONSE)] : [];
    if (responses.length > 0 && body.replace(TOOL_RESPONSE, '').trim() === '') {
      for (const r of responses) {
        const content = r[1] ?? '';
        turns.push({ role: 'tool', text: content, toolCalls: [], isError: /^\s*Error:/.test(content) });
      }
      continue;
    }
    turns.push({ role, text: body, toolCalls: [] });
  }
  return turns;
}
