import { convertCoderValue } from './coderValues';
import { FUNCTION, readCoderFunctions, type CoderFunction } from './coderMarkup';
import type { DetectorOutcome } from './detectorOutcome';
import { coderProperties } from './coderParamType';
import { pyJsonDumps } from './pyJsonDumps';
import { pyStrip } from './pythonText';
import { hasChange } from './sglangRelease';
import { checkArguments } from './schemaCheck';
import { closeTagFix, cutByLength, reportStray } from './tagDiagnostics';
import { CLOSE, OPEN, pairTags } from './tagScan';
import { quote, report, type TurnContext } from './turnContext';
import type { ParsedCall } from './types';
import { closest } from '../runspec/flagLint';

// SGLang's Qwen3CoderDetector: complete <tool_call>…</tool_call> blocks, or the whole text when there is none
// but it holds <function=; values converted by the schema type; unknown tool names kept.

interface Block {
  start: number;
  bodyStart: number;
  bodyEnd: number;
  end: number;
}

export function detectQwen3Coder(ctx: TurnContext): DetectorOutcome {
  const { text, from } = ctx;
  const first = text.indexOf(OPEN, from);
  const outcome: DetectorOutcome = {
    triggered: first !== -1,
    threw: false,
    calls: [],
    normalText: first === -1 ? '' : text.slice(from, first),
    discardFrom: first,
    sites: [],
  };
  if (first === -1) {
    reportBareFunction(ctx);
    return outcome;
  }
  const blocks = findBlocks(text, first);
  const fallback = blocks.length === 0 && text.includes(FUNCTION, from);
  // Without a complete block SGLang reads the whole text as the inside of one.
  const readFrom = fallback
    ? [{ start: from, bodyStart: from, bodyEnd: text.length, end: text.length }]
    : blocks;
  const functions: CoderFunction[] = [];
  for (const block of readFrom) {
    const found = readCoderFunctions(
      text,
      block.bodyStart,
      block.bodyEnd,
      hasChange(ctx.profile.sglang, 'coderDriftedCloser'),
    );
    functions.push(...found);
    for (const fn of found) {
      const call = readFunction(ctx, fn);
      if (call !== undefined) outcome.calls.push({ ...call, start: block.start, end: block.end });
    }
    if (!fallback) {
      outcome.sites.push({ start: block.start, end: block.end, calls: found.length, recognised: true });
      if (found.length === 0) reportNoFunction(ctx, block);
    }
  }
  let segmentStart = from;
  for (const region of pairTags(text, from, text.length, fallback ? [] : blocks)) {
    const calls = functions.filter((f) => f.start >= region.start && f.start < region.end).length;
    outcome.sites.push({
      start: region.start,
      end: region.end,
      calls,
      recognised: calls > 0,
      stray: region.kind === 'stray',
    });
    if (region.kind === 'stray') reportStray(ctx, region.close, segmentStart);
    else if (region.kind === 'unclosed') {
      const cut = cutByLength(ctx, region);
      report(
        ctx,
        'TC001',
        fallback && !cut ? 'warning' : 'error',
        [region.open, region.open + OPEN.length],
        cut
          ? 'This <tool_call> is never closed: the output was cut off by max tokens (finish_reason length), so the call is incomplete even where SGLang still reads it. Raise max tokens.'
          : fallback
            ? 'This <tool_call> is never closed. The qwen3_coder parser tolerates it only because no complete block exists, reading the whole text as one. Close it with </tool_call>.'
            : 'This <tool_call> is never closed: once a complete block exists, the qwen3_coder parser reads only complete blocks, so this call is lost. Close it with </tool_call>.',
        closeTagFix([{ start: region.end, end: region.end, newText: `\n${CLOSE}` }]),
      );
    }
    segmentStart = region.end;
  }
  outcome.sites.sort((a, b) => a.start - b.start);
  return outcome;
}

function findBlocks(text: string, first: number): Block[] {
  const blocks: Block[] = [];
  let i = first;
  while (i !== -1) {
    const j = text.indexOf(CLOSE, i + OPEN.length);
    if (j === -1) break;
    blocks.push({ start: i, bodyStart: i + OPEN.length, bodyEnd: j, end: j + CLOSE.length });
    i = text.indexOf(OPEN, j + CLOSE.length);
  }
  return blocks;
}

function readFunction(ctx: TurnContext, fn: CoderFunction): Omit<ParsedCall, 'start' | 'end'> | undefined {
  const tagRange: [number, number] = [fn.start, fn.tagEnd];
  if (fn.name === undefined) {
    report(
      ctx,
      'TC003',
      'error',
      tagRange,
      'This <function= has no closing `>` after the name: SGLang skips it. Write <function=NAME>.',
    );
    return undefined;
  }
  const name = fn.name;
  if (name === '') {
    report(
      ctx,
      'TC003',
      'error',
      tagRange,
      'The function name is empty: SGLang still returns the call, with an empty name that no tool handles.',
    );
  }
  const tool = ctx.tools?.get(name);
  if (ctx.tools !== undefined && tool === undefined && name !== '') {
    const range: [number, number] = [fn.start + FUNCTION.length, fn.tagEnd - 1];
    const near = closest(name, ctx.tools.keys());
    report(
      ctx,
      'TC005',
      'error',
      range,
      `${quote(name)} is not among the tools offered to this turn (${[...ctx.tools.keys()].join(', ') || 'none'}): the qwen3_coder parser keeps the call anyway, so the client receives a call no tool handles.${near ? ` Did you mean ${quote(near)}?` : ''}`,
      near
        ? { title: `Change to ${near}`, edits: [{ start: range[0], end: range[1], newText: near }] }
        : undefined,
    );
  }
  const release = ctx.profile.sglang;
  const properties = coderProperties(tool?.parameters, release);
  const args: Record<string, unknown> = {};
  // Python's dict keeps a repeated key where it first appeared; JavaScript objects put integer-like keys first.
  const json = new Map<string, string>();
  for (const param of fn.params) {
    const converted = convertCoderValue(param.value, param.name, properties, release);
    json.set(param.name, converted.json);
    Object.defineProperty(args, param.name, {
      value: converted.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (converted.problem !== undefined) {
      report(
        ctx,
        'TC006',
        'warning',
        [param.valueStart, param.valueEnd],
        `Parameter ${quote(param.name)}: ${converted.problem}.`,
      );
    }
  }
  if (tool !== undefined) {
    for (const v of checkArguments(tool, args)) {
      const param = fn.params.findLast((p) => p.name === v.path[0]);
      const range: [number, number] =
        param === undefined
          ? tagRange
          : v.atKey && v.path.length === 1
            ? [param.nameStart, param.nameStart + param.name.length]
            : [param.valueStart, param.valueEnd];
      report(
        ctx,
        'TC006',
        'error',
        range,
        `${v.message} for ${quote(name)}: SGLang does not check arguments, so the tool receives them as converted. Fix the call to match the tool's schema.`,
      );
    }
  }
  const argumentsJson = `{${[...json].map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;
  // Kept only where the parsed value cannot say it: digits beyond 2^53, 5.0, key order.
  if (argumentsJson === pyJsonDumps(args)) return { name, arguments: args };
  return { name, arguments: args, argumentsJson };
}

function reportNoFunction(ctx: TurnContext, block: Block): void {
  const body = pyStrip(ctx.text.slice(block.bodyStart, block.bodyEnd));
  const json = body.startsWith('{') || body.startsWith('[');
  report(
    ctx,
    json ? 'TC010' : 'TC003',
    'error',
    [block.start, block.end],
    json
      ? 'This call is written as JSON, which the qwen3_coder parser cannot read (it looks for <function=NAME><parameter=K>): SGLang returns no call for it. Serve with --tool-call-parser qwen25, or have the model write the XML form.'
      : 'This <tool_call> block holds no <function=NAME>: SGLang finds no call in it.',
  );
}

function reportBareFunction(ctx: TurnContext): void {
  const at = ctx.text.indexOf(FUNCTION, ctx.from);
  if (at === -1) return;
  const gt = ctx.text.indexOf('>', at);
  report(
    ctx,
    'TC010',
    'error',
    [at, gt === -1 ? at + FUNCTION.length : gt + 1],
    'A <function=...> call with no <tool_call> anywhere in the turn: the qwen3_coder parser only looks for calls once the text holds <tool_call>, so this stays plain content. Wrap it in <tool_call>…</tool_call>.',
  );
}
