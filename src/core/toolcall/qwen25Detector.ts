import {
  isXmlDialect,
  loadBlockJson,
  reportJsonError,
  reportNonFinite,
  reportXmlDialect,
  type BlockJson,
} from './blockJson';
import type { CallSite, DetectorOutcome } from './detectorOutcome';
import { readJsonCalls } from './jsonCalls';
import { pyStrip } from './pythonText';
import { closableJsonEnd, closeTagFix, cutByLength, reportStray } from './tagDiagnostics';
import { CLOSE, OPEN, pairTags, type TagRegion } from './tagScan';
import { report, type TurnContext } from './turnContext';
import type { TextEdit } from './types';

// SGLang's Qwen25Detector (`qwen`/`qwen25`): blocks are exactly <tool_call>\n(.*?)\n</tool_call>, lazily.
const BOT = '<tool_call>\n';
const EOT = '\n</tool_call>';

interface Block {
  start: number;
  bodyStart: number;
  bodyEnd: number;
  /** Offset of the `</tool_call>` that ends the block. */
  closeTag: number;
  end: number;
  json: BlockJson;
}

export function detectQwen25(ctx: TurnContext): DetectorOutcome {
  const { text, from } = ctx;
  const first = text.indexOf(BOT, from);
  const outcome: DetectorOutcome = {
    triggered: first !== -1,
    threw: false,
    calls: [],
    normalText: first === -1 ? '' : pyStrip(text.slice(from, first)),
    discardFrom: first,
    sites: [],
  };
  const blocks = findBlocks(text, first);
  const opaque: Block[] = [];
  for (const block of blocks) {
    if (!block.json.ok) continue;
    opaque.push(block);
    reportNonFinite(ctx, block.json);
    const read = readJsonCalls(ctx, block.json.value, block.json.json, block.json.base, block);
    outcome.calls.push(...read.calls);
    outcome.threw ||= read.threw;
    outcome.sites.push({ start: block.start, end: block.end, calls: read.count, recognised: true });
  }
  for (const block of blocks) {
    if (block.json.ok) continue;
    // A block that swallowed other tags is explained by the diagnostics on those tags.
    if (/<\/?tool_call>/.test(text.slice(block.bodyStart, block.bodyEnd))) continue;
    if (isXmlDialect(block.json.json)) reportXmlDialect(ctx, [block.start, block.end], 'qwen25');
    else {
      reportJsonError(
        ctx,
        block.json,
        'SGLang logs "Failed to parse JSON part" and skips this block, so the call is lost.',
      );
    }
  }
  let segmentStart = from;
  for (const region of pairTags(text, from, text.length, opaque)) {
    outcome.sites.push(siteOf(region, blocks));
    if (region.kind === 'stray') reportStray(ctx, region.close, segmentStart);
    else if (region.kind === 'unclosed') reportUnclosed(ctx, region);
    else if (!blocks.some((b) => b.start === region.open && b.closeTag === region.close)) {
      reportUndetectedPair(ctx, region);
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
    const j = text.indexOf(EOT, i + BOT.length);
    if (j === -1) break;
    const bodyStart = i + BOT.length;
    blocks.push({
      start: i,
      bodyStart,
      bodyEnd: j,
      closeTag: j + 1,
      end: j + EOT.length,
      json: loadBlockJson(text, bodyStart, j),
    });
    i = text.indexOf(BOT, j + EOT.length);
  }
  return blocks;
}

function siteOf(region: TagRegion, blocks: Block[]): CallSite {
  if (region.kind === 'stray')
    return { start: region.start, end: region.end, calls: 0, recognised: false, stray: true };
  const recognised = blocks.some((b) => b.start === region.start);
  return { start: region.start, end: region.end, calls: 0, recognised };
}

/** TC010: a tag pair the qwen25 regex does not match, because a newline is missing or it is XML. */
function reportUndetectedPair(ctx: TurnContext, region: { open: number; close: number }): void {
  const { text } = ctx;
  const bodyStart = region.open + OPEN.length;
  const body = pyStrip(text.slice(bodyStart, region.close));
  const range: [number, number] = [region.open, region.close + CLOSE.length];
  if (isXmlDialect(body)) {
    reportXmlDialect(ctx, range, 'qwen25');
    return;
  }
  if (body === '') {
    report(
      ctx,
      'TC003',
      'error',
      range,
      'An empty <tool_call> block holds no call. Remove it or write the call.',
    );
    return;
  }
  const edits: TextEdit[] = [];
  const problems: string[] = [];
  if (text.startsWith('\r\n', bodyStart)) {
    edits.push({ start: bodyStart, end: bodyStart + 2, newText: '\n' });
    problems.push('a Windows line ending (\\r\\n) after <tool_call>');
  } else if (text[bodyStart] !== '\n') {
    edits.push({ start: bodyStart, end: bodyStart, newText: '\n' });
    problems.push('no newline right after <tool_call>');
  }
  if (text[region.close - 1] !== '\n') {
    edits.push({ start: region.close, end: region.close, newText: '\n' });
    problems.push('no newline right before </tool_call>');
  }
  // Both newlines present: the pair lies inside a block that an earlier broken call ran on into.
  if (edits.length === 0) return;
  const openBad = problems[0]?.includes('after <tool_call>') ?? false;
  const swallows = !openBad && text.indexOf(EOT, region.close) !== -1;
  report(
    ctx,
    'TC010',
    'error',
    openBad ? [region.open, bodyStart] : [region.close, region.close + CLOSE.length],
    `The qwen25 parser does not detect this call: it has ${problems.join(' and ')}. SGLang only matches <tool_call>\\n{...}\\n</tool_call>, so this call is never returned as a tool call${swallows ? '; worse, its block runs on to the next \\n</tool_call> and swallows the call after it' : ''}.`,
    { title: edits.length > 1 ? 'Insert the missing newlines' : 'Insert the missing newline', edits },
  );
}

/** TC001: an opening tag that no `\n</tool_call>` closes. */
function reportUnclosed(ctx: TurnContext, region: TagRegion & { kind: 'unclosed' }): void {
  const { text } = ctx;
  const tag: [number, number] = [region.open, region.open + OPEN.length];
  const hasNewline = text[region.open + OPEN.length] === '\n';
  if (cutByLength(ctx, region)) {
    report(
      ctx,
      'TC001',
      'error',
      tag,
      'This <tool_call> is never closed: the output was cut off by max tokens (finish_reason length). SGLang returns no call for it and leaves the half call in the text. Raise max tokens or shorten the turn.',
    );
    return;
  }
  const jsonEnd = closableJsonEnd(ctx, region);
  const nextIsCall = hasNewline && region.end < text.length && text.indexOf(EOT, region.end) !== -1;
  const edits: TextEdit[] = [];
  if (jsonEnd !== undefined) {
    if (!hasNewline) edits.push({ start: tag[1], end: tag[1], newText: '\n' });
    edits.push({ start: jsonEnd, end: jsonEnd, newText: '\n</tool_call>' });
  }
  report(
    ctx,
    'TC001',
    'error',
    tag,
    `This <tool_call> is never closed with \\n</tool_call>, so SGLang's qwen25 parser does not return it${nextIsCall ? '; its block runs on to the next \\n</tool_call> and swallows the call after it' : ''}. ${jsonEnd !== undefined ? 'The JSON is complete (was </tool_call> a stop sequence?): close the tag.' : 'Close the tag after the call.'}`,
    edits.length > 0 ? closeTagFix(edits) : undefined,
  );
}
