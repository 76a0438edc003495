// What the line reader must make of a line, computed the plain way (JSON.parse of the whole line), for
// the store tests to compare the byte-walking reader against.
import type { LineHead } from '../../../src/core/store/recordEntry';

/** The prompt hash's definition: two FNV-1a lanes over the prompt messages' role and content code units. */
export function promptHash(messages: readonly { role: string; content: string }[]): string | null {
  const end = messages.findIndex((m) => m.role === 'assistant');
  const prompt = end < 0 ? messages : messages.slice(0, end);
  if (prompt.length === 0) return null;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0, 0x01000193);
    b = Math.imul(b ^ 0, 0x01000193) ^ (b >>> 15);
  };
  for (const m of prompt) {
    feed(m.role);
    feed(m.content);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

// The statuses of slime's Sample.Status, as the tap writes them (SampleStatusSchema).
const STATUSES = ['completed', 'truncated', 'aborted', 'failed', 'pending'];

/** The index entry of a valid sample line, or the kind of answer expected for anything else. */
export function expectedHead(text: string): LineHead | 'problem' {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'problem';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'problem';
  if (json.kind === 'step') return { kind: 'step' };
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const messages = json.messages as { role: unknown; content: unknown }[];
  if (
    json.kind !== 'sample' ||
    typeof json.ts !== 'number' ||
    !count(json.step) ||
    typeof json.evaluation !== 'boolean' ||
    !count(json.group) ||
    !count(json.index) ||
    !STATUSES.includes(json.status as string) ||
    (json.reward !== null && typeof json.reward !== 'number') ||
    !Array.isArray(messages) ||
    messages.some(
      (m) =>
        typeof m !== 'object' || m === null || typeof m.role !== 'string' || typeof m.content !== 'string',
    )
  ) {
    return 'problem';
  }
  // A v2 record names its task and domain in its own fields (they come before its body); v1 may leave
  // them in the metadata.
  const meta = (
    json.v === 1 && typeof json.metadata === 'object' && json.metadata !== null ? json.metadata : {}
  ) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  return {
    kind: 'sample',
    entry: {
      step: json.step as number,
      evaluation: json.evaluation as boolean,
      group: json.group as number,
      index: json.index as number,
      status: json.status as 'completed',
      reward: json.reward as number | null,
      shapedReward: typeof json.shapedReward === 'number' ? json.shapedReward : null,
      errors: null,
      warnings: null,
      task: str(json.taskId) ?? str(meta['task_id']) ?? str(meta['task_index']),
      domain: str(json.domain) ?? str(meta['domain']),
      promptHash: promptHash(messages as { role: string; content: string }[]),
    },
  };
}
