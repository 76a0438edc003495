import { tooDeepReason } from '../../shared/jsonDepth';
import { locateJsonError } from './jsonError';
import { pyJsonLoads } from './pyJsonLoads';
import { pyStripRange } from './pythonText';
import { report, type TurnContext } from './turnContext';

export type BlockJson =
  | { ok: true; value: unknown; json: string; base: number; nonFiniteAt?: number }
  | { ok: false; json: string; base: number; tooDeepAt?: number };

/** json.loads(body.strip()) on the body [bodyStart, bodyEnd) of a block, as both JSON detectors do. */
export function loadBlockJson(text: string, bodyStart: number, bodyEnd: number): BlockJson {
  const [s, e] = pyStripRange(text, bodyStart, bodyEnd);
  const json = text.slice(s, e);
  const parsed = pyJsonLoads(json);
  if (!parsed.ok) {
    const failed: BlockJson = { ok: false, json, base: s };
    if (parsed.tooDeepAt !== undefined) failed.tooDeepAt = parsed.tooDeepAt;
    return failed;
  }
  const block: BlockJson = { ok: true, value: parsed.value, json, base: s };
  if (parsed.nonFiniteAt !== undefined) block.nonFiniteAt = parsed.nonFiniteAt;
  return block;
}

/** TC002 (warning) for NaN/Infinity: Python reads them, but the arguments string SGLang writes is not JSON. */
export function reportNonFinite(ctx: TurnContext, block: BlockJson): void {
  if (!block.ok || block.nonFiniteAt === undefined) return;
  const at = block.base + block.nonFiniteAt;
  const token = /^-?(?:NaN|Infinity)/.exec(block.json.slice(block.nonFiniteAt))?.[0] ?? 'NaN';
  report(
    ctx,
    'TC002',
    'warning',
    [at, at + token.length],
    `${token} is not JSON: Python's json.loads accepts it, so SGLang returns the call, but it writes ${token} back into the arguments string, which a client's JSON.parse rejects. Use a number or null.`,
  );
}

/** A block written in the XML dialect (`<function=NAME>`) that a JSON parser cannot read. */
export function isXmlDialect(json: string): boolean {
  return json.startsWith('<function=');
}

/** TC002 at the exact character where the block's JSON breaks. */
export function reportJsonError(
  ctx: TurnContext,
  block: { json: string; base: number; tooDeepAt?: number },
  consequence: string,
): void {
  if (block.tooDeepAt !== undefined) {
    const at = block.base + block.tooDeepAt;
    // Python's RecursionError is not the JSONDecodeError the detectors catch, so it escapes them.
    report(
      ctx,
      'TC002',
      'error',
      [at, at + 1],
      `The block cannot be read: ${tooDeepReason()}. SGLang's detector does not catch that error: the request's tool calls fail as a whole (Python 3.11 and older; newer ones read deeper). Rollout Studio reads no deeper either.`,
    );
    return;
  }
  const spot = locateJsonError(block.json);
  let start = block.base + spot.offset;
  let end = start + spot.length;
  // An error at the very end (cut-off JSON) is shown on the last character, where it can be seen.
  if (spot.offset >= block.json.length && block.json.length > 0) {
    start = block.base + block.json.length - 1;
    end = start + 1;
  }
  end = Math.min(end, block.base + Math.max(block.json.length, 1));
  const repair = spot.repair;
  report(
    ctx,
    'TC002',
    'error',
    [start, end],
    `The block is not valid JSON: ${spot.reason}. ${consequence}`,
    repair && {
      title: repair.title,
      edits: [
        {
          start: block.base + repair.offset,
          end: block.base + repair.offset + repair.length,
          newText: repair.newText,
        },
      ],
    },
  );
}

export function reportXmlDialect(ctx: TurnContext, range: [number, number], parserName: string): void {
  report(
    ctx,
    'TC010',
    'error',
    range,
    `This call is written in the XML dialect (<function=NAME><parameter=K>), which the ${parserName} parser cannot read: SGLang returns no tool call for it. Serve with --tool-call-parser qwen3_coder, or have the model write {"name": ..., "arguments": {...}}.`,
  );
}
