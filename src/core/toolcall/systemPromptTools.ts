import { toolsFromJson } from './tools';
import type { ToolSpec } from './types';

// Sample records of the tau2 recipe keep the tools only inside the rendered system prompt. The Qwen3 chat
// template writes them one JSON object per line between <tools> and </tools>; a JSON array there is read too.
const cache = new Map<string, ToolSpec[] | undefined>();
const MAX_CACHED = 64;

/** The tools listed in a system prompt, or undefined when they cannot be read from it. */
export function toolsFromSystemPrompt(prompt: string): ToolSpec[] | undefined {
  if (cache.has(prompt)) return cache.get(prompt);
  const tools = read(prompt);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(prompt, tools);
  return tools;
}

function read(prompt: string): ToolSpec[] | undefined {
  // Qwen3's template first mentions the tags in prose ("within <tools></tools> XML tags"): the list is
  // the first pair with something between them.
  let open = prompt.indexOf('<tools>');
  let close = prompt.indexOf('</tools>', open);
  while (open !== -1 && close !== -1 && prompt.slice(open + '<tools>'.length, close).trim() === '') {
    open = prompt.indexOf('<tools>', close);
    close = prompt.indexOf('</tools>', open);
  }
  if (open === -1 || close === -1) return undefined;
  const body = prompt.slice(open + '<tools>'.length, close).trim();
  try {
    if (body.startsWith('[')) return toolsFromJson(JSON.parse(body));
    const lines = body.split('\n').filter((l) => l.trim() !== '');
    return toolsFromJson(lines.map((l) => JSON.parse(l) as unknown));
  } catch {
    return undefined;
  }
}
