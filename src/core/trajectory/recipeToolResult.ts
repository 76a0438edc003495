// The tau2 slime recipe stores tool results as user messages (actions.py followup_messages_for_observation):
// "Tool result for name(k='v', ...):\n<payload>". The payload of a failed tool starts with "Error:", the way
// tau2's Environment.get_response reports exceptions.

const HEADER = /^Tool result for ([A-Za-z_][\w.-]*)\((.*?)\):\n/s;

export interface RecipeToolResult {
  name: string;
  /** The call as the recipe rendered it: `name(k=<python literal>)`. */
  call: string;
  payload: string;
  isError: boolean;
}

export function parseRecipeToolResult(content: string): RecipeToolResult | undefined {
  const m = HEADER.exec(content);
  if (m === null) return undefined;
  const name = m[1] ?? '';
  const payload = content.slice(m[0].length);
  return { name, call: `${name}(${m[2] ?? ''})`, payload, isError: /^\s*Error:/.test(payload) };
}
