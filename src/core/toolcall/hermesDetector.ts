import {
  isXmlDialect,
  loadBlockJson,
  reportJsonError,
  reportNonFinite,
  reportXmlDialect,
  type BlockJson,
} from './blockJson';
import type { DetectorOutcome } from './detectorOutcome';
import { readJsonCalls } from './jsonCalls';
import { pyStrip } from './pythonText';
import { closeTagFix, reportStray } from './tagDiagnostics';
import { CLOSE, OPEN, pairTags } from './tagScan';
import { report, type TurnContext } from './turnContext';

// SGLang's HermesDetector: <tool_call>(.*?)</tool_call>|<tool_call>(.*), newlines optional, the last call may
// be unterminated, and any failure in any block throws away every call of the turn.
const ALL_OR_NOTHING =
  'The hermes parser is all-or-nothing: SGLang logs "Error in detect_and_parse" and returns no calls for the whole turn.';

interface Block {
  start: number;
  bodyStart: number;
  bodyEnd: number;
  end: number;
  terminated: boolean;
  json: BlockJson | undefined;
}

export function detectHermes(ctx: TurnContext): DetectorOutcome {
  const { text, from } = ctx;
  const first = text.indexOf(OPEN, from);
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
  // Hermes catches its own failures, so unlike qwen25 the finish reason still becomes tool_calls.
  let failed = false;
  for (const block of blocks) {
    const json = block.json;
    // An empty body is skipped by SGLang; a whitespace-only one fails json.loads.
    if (json === undefined) continue;
    if (!json.ok) {
      failed = true;
      reportBadBlock(ctx, block, json);
      continue;
    }
    opaque.push(block);
    reportNonFinite(ctx, json);
    const read = readJsonCalls(ctx, json.value, json.json, json.base, block);
    outcome.calls.push(...read.calls);
    failed ||= read.threw;
    outcome.sites.push({ start: block.start, end: block.end, calls: read.count, recognised: true });
    if (!block.terminated) {
      report(
        ctx,
        'TC001',
        ctx.finishReason === 'length' ? 'error' : 'warning',
        [block.start, block.start + OPEN.length],
        'This <tool_call> is never closed. The hermes parser still accepts the last call unterminated, but qwen25 would not, and a cut-off output rarely holds the whole call. Close it with </tool_call>.',
        closeTagFix([{ start: block.end, end: block.end, newText: CLOSE }]),
      );
    }
  }
  let segmentStart = from;
  for (const region of pairTags(text, from, text.length, opaque)) {
    const recognised = blocks.some((b) => b.start === region.start);
    outcome.sites.push({
      start: region.start,
      end: region.end,
      calls: 0,
      recognised,
      stray: region.kind === 'stray',
    });
    if (region.kind === 'stray') reportStray(ctx, region.close, segmentStart);
    else if (region.kind === 'unclosed' && region.end < text.length) {
      report(
        ctx,
        'TC001',
        'error',
        [region.open, region.open + OPEN.length],
        `This <tool_call> is never closed before the next one: the hermes parser reads both as one block, fails on it, and returns no calls for the whole turn. Close it with </tool_call>.`,
      );
    }
    segmentStart = region.end;
  }
  if (failed) {
    // detect_and_parse catches the failure and hands back the whole text as normal text.
    outcome.calls = [];
    outcome.normalText = text.slice(from);
  }
  outcome.sites.sort((a, b) => a.start - b.start);
  return outcome;
}

function findBlocks(text: string, first: number): Block[] {
  const blocks: Block[] = [];
  let i = first;
  while (i !== -1) {
    const bodyStart = i + OPEN.length;
    const j = text.indexOf(CLOSE, bodyStart);
    const bodyEnd = j === -1 ? text.length : j;
    blocks.push({
      start: i,
      bodyStart,
      bodyEnd,
      end: j === -1 ? text.length : j + CLOSE.length,
      terminated: j !== -1,
      json: bodyEnd > bodyStart ? loadBlockJson(text, bodyStart, bodyEnd) : undefined,
    });
    if (j === -1) break;
    i = text.indexOf(OPEN, j + CLOSE.length);
  }
  return blocks;
}

function reportBadBlock(ctx: TurnContext, block: Block, json: BlockJson): void {
  if (text(ctx, block).includes(OPEN)) return; // explained by TC001 on the unclosed tag before it
  if (isXmlDialect(json.json)) reportXmlDialect(ctx, [block.start, block.end], 'hermes');
  else if (!block.terminated) {
    report(
      ctx,
      'TC001',
      'error',
      [block.start, block.start + OPEN.length],
      `This <tool_call> is never closed and its JSON is cut off${ctx.finishReason === 'length' ? ' by max tokens (finish_reason length)' : ''}. ${ALL_OR_NOTHING}`,
    );
  } else reportJsonError(ctx, json, ALL_OR_NOTHING);
}

function text(ctx: TurnContext, block: Block): string {
  return ctx.text.slice(block.bodyStart, block.bodyEnd);
}
