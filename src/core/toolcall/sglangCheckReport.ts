import { analyzeTurn } from './analyzeTurn';
import { pyJsonDumps } from './pyJsonDumps';
import { compareWithSglang } from './sglangComparison';
import type { SglangVerdict, VerdictDifference } from './sglangComparison';
import { sglangRelease, sglangReleaseNote } from './sglangRelease';
import type { Profile, ReasoningParserName, ToolCallParserName, ToolSpec } from './types';

/** One assistant turn as "Check with the box's SGLang" sends it, and the profile its verdict was read under. */
export interface TurnToCheck {
  text: string;
  /** The tools offered to the turn; undefined when the record names none. */
  tools: ToolSpec[] | undefined;
  finishReason?: 'length';
  profile: Profile;
}

/** One side's answer for a turn: content, reasoning_content and tool_calls as the client gets them. */
export interface CheckedAnswer {
  content: string;
  reasoning: string | null;
  /** null: SGLang's parser did not run, or raised; [] and null both mean no tool calls for the client. */
  calls: { name: string; arguments: string }[] | null;
}

/** Our verdict and an SGLang release's own for one turn, field by field. */
export interface SglangCheckReport {
  /** Where SGLang ran: the box's name. */
  box: string;
  /** The release that answered, as the box's sglang package names it; null when it does not say. */
  release: string | null;
  /** The release ours was read like for this comparison: the one that answered, where known. */
  ourRelease: string;
  /** The release the turn's own verdict (squiggles, cards) was read like, when it is another one. */
  shownRelease: string | null;
  parser: ToolCallParserName;
  reasoningParser: ReasoningParserName;
  forceReasoning: boolean;
  ours: CheckedAnswer;
  theirs: CheckedAnswer;
  /** Why SGLang's tool-call parser raised (and so returned no calls), when it did. */
  raised: string | null;
  /** Every field where the two differ; empty when they agree. */
  differences: VerdictDifference[];
  notes: string[];
}

/**
 * SGLang's force_reasoning for the request the turn came from. With the profile's `auto` the engine infers
 * it from the text: a `</think>` with no `<think>` means the template opened it (force on); otherwise
 * SGLang is in reasoning exactly when the text holds `<think>`, whatever force_reasoning says.
 */
export function forcedReasoning(turn: TurnToCheck): boolean {
  return turn.profile.forceReasoning ?? (turn.text.includes('</think>') && !turn.text.includes('<think>'));
}

/**
 * The tools to offer SGLang: its parser only runs on a request that has some. A record that names none gets
 * the names the engine found in the turn, without schemas, so SGLang reads the calls rather than skipping
 * the parser; the report says so.
 */
export function toolsToOffer(turn: TurnToCheck): { tools: ToolSpec[]; note: string | null } {
  if (turn.tools !== undefined && turn.tools.length > 0) return { tools: turn.tools, note: null };
  const names = [
    ...new Set(analyzeTurn(turn.text, { profile: turn.profile }).calls.map((c) => c.name)),
  ].filter((n) => n !== '');
  return {
    tools: names.map((name) => ({ name, parameters: { type: 'object', properties: {} } })),
    note:
      names.length === 0
        ? 'The record lists no tools and the turn has no call with a name, so SGLang was offered no tools and its tool-call parser did not run.'
        : `The record lists no tools: SGLang was offered the names in the turn (${names.join(', ')}) with no argument schemas.`,
  };
}

/**
 * Compares SGLang's own answer for the turn with ours read like the release that answered, so a
 * difference is the engine's and not the choice of release.
 */
export function sglangCheckReport(
  box: string,
  turn: TurnToCheck,
  offered: { tools: ToolSpec[]; note: string | null },
  theirs: SglangVerdict,
): SglangCheckReport {
  const notes: string[] = [];
  if (offered.note !== null) notes.push(offered.note);
  let ourRelease = turn.profile.sglang;
  if (theirs.version !== null) {
    try {
      ourRelease = sglangRelease(theirs.version).version;
      const newer = sglangReleaseNote(ourRelease);
      if (newer !== undefined) notes.push(newer);
    } catch {
      notes.push(
        `The box's sglang reports version ${theirs.version}, which is not a release number; ours was read like ${sglangRelease(turn.profile.sglang).version}.`,
      );
    }
  } else {
    notes.push(
      `The box's sglang does not say its version; ours was read like ${sglangRelease(turn.profile.sglang).version}.`,
    );
  }
  const ourVersion = sglangRelease(ourRelease).version;
  const shownVersion = sglangRelease(turn.profile.sglang).version;
  const profile = { ...turn.profile, sglang: ourVersion };
  const analysis = analyzeTurn(turn.text, {
    profile,
    tools: offered.tools,
    ...(turn.finishReason !== undefined ? { finishReason: turn.finishReason } : {}),
  });
  const v = analysis.verdict;
  return {
    box,
    release: theirs.version,
    ourRelease: ourVersion,
    shownRelease: shownVersion === ourVersion ? null : shownVersion,
    parser: profile.parser,
    reasoningParser: profile.reasoningParser,
    forceReasoning: forcedReasoning(turn),
    ours: {
      content: v.content ?? '',
      reasoning: v.reasoning,
      calls: v.calls.map((c) => ({ name: c.name, arguments: c.argumentsJson ?? pyJsonDumps(c.arguments) })),
    },
    theirs: { content: theirs.normalText, reasoning: theirs.reasoning, calls: theirs.calls },
    raised: theirs.raised,
    differences: compareWithSglang(v, theirs),
    notes,
  };
}
