import { forcedReasoning, sglangCheckReport, toolsToOffer } from '../core/toolcall/sglangCheckReport';
import type { SglangCheckReport, TurnToCheck } from '../core/toolcall/sglangCheckReport';
import type { SglangVerdict } from '../core/toolcall/sglangComparison';
import type { Target } from './target';

/** One turn as the box's SGLang should read it. */
export interface SglangCheckInput {
  parser: string;
  reasoningParser: string;
  forceReasoning: boolean;
  /** OpenAI-style tools ({type: 'function', function: {...}}): the parser only runs when a request offers tools. */
  tools: unknown[];
  text: string;
}

export type SglangCheck = { kind: 'verdict'; verdict: SglangVerdict } | { kind: 'problem'; message: string };

const TIMEOUT_MS = 60_000;

/**
 * Runs the box's own installed SGLang parsers on one turn: `script` is media/sglang_verdict.py, run by the
 * box's python3 with the turn on stdin. No server is involved. Every way this cannot answer is a message
 * saying what to do.
 */
export async function checkWithBoxSglang(
  target: Target,
  script: string,
  input: SglangCheckInput,
  signal?: AbortSignal,
): Promise<SglangCheck> {
  const line = JSON.stringify({
    id: 'turn',
    parser: input.parser,
    reasoning_parser: input.reasoningParser,
    force_reasoning: input.forceReasoning,
    tools: input.tools,
    text: input.text,
  });
  let r;
  try {
    r = await runVerdict(target, script, `${line}\n`, signal);
  } catch (e) {
    signal?.throwIfAborted();
    return { kind: 'problem', message: `Could not run python3 on the box: ${(e as Error).message}` };
  }
  // Cancelled: the box's python3 was ended, and what it wrote by then is no verdict.
  signal?.throwIfAborted();
  const first = r.stdout.toString().split('\n')[0] ?? '';
  let out: Record<string, unknown>;
  try {
    out = JSON.parse(first) as Record<string, unknown>;
  } catch {
    const why = r.stderr.toString().trim().split('\n').pop() ?? `exit ${r.code}`;
    return { kind: 'problem', message: `The box's python3 gave no verdict (${why}).` };
  }
  const version = typeof out.version === 'string' ? out.version : null;
  if (out.problem === 'no-sglang') {
    return {
      kind: 'problem',
      message: `SGLang is not installed for the box's python3 (${String(out.message)}). Install sglang there, or activate the environment that has it in your shell startup.`,
    };
  }
  if (out.problem === 'import-error') {
    return {
      kind: 'problem',
      message: `The box's SGLang${version ? ` ${version}` : ''} is installed but its parsers fail to import: ${String(out.message)}`,
    };
  }
  if (typeof out.error === 'string') {
    return {
      kind: 'problem',
      message: `SGLang${version ? ` ${version}` : ''} on the box cannot read this turn: ${out.error.replace(/^LookupError: /, '')}.`,
    };
  }
  return {
    kind: 'verdict',
    verdict: {
      version,
      normalText: String(out.normal_text ?? ''),
      reasoning: typeof out.reasoning === 'string' ? out.reasoning : null,
      calls: Array.isArray(out.calls) ? (out.calls as { name: string; arguments: string }[]) : null,
      raised: typeof out.raised === 'string' ? out.raised : null,
    },
  };
}

/**
 * The script with `input` on its stdin. An abortable exec over SSH keeps the channel's stdin for its stop
 * request (sshExec.ts), so with a signal the input goes to a 0600 temp file on the box first (mktemp),
 * which the command reads and which is removed afterwards, also when the check was cancelled.
 */
async function runVerdict(target: Target, script: string, input: string, signal?: AbortSignal) {
  if (!signal) return target.exec(['python3', '-c', script], { stdin: input, timeoutMs: TIMEOUT_MS });
  const made = await target.exec(['mktemp'], { timeoutMs: TIMEOUT_MS });
  const file = made.stdout.toString('utf8').trim();
  if (made.code !== 0 || file === '')
    throw new Error(`mktemp failed: ${made.stderr.toString('utf8').trim()}`);
  try {
    await target.writeFile(file, input, 0o600);
    return await target.exec(['sh', '-c', 'exec python3 -c "$1" < "$2"', 'sh', script, file], {
      timeoutMs: TIMEOUT_MS,
      signal,
    });
  } finally {
    await target.exec(['rm', '-f', file], { timeoutMs: TIMEOUT_MS }).catch(() => undefined);
  }
}

export type TurnCheck = { kind: 'report'; report: SglangCheckReport } | { kind: 'problem'; message: string };

/**
 * "Check with the box's SGLang" for one turn: the box's own parsers read it as the turn's profile names
 * them (parser, reasoning parser, force_reasoning), and their answer is set beside ours.
 */
export async function checkTurnOnBox(
  target: Target,
  box: string,
  script: string,
  turn: TurnToCheck,
  signal?: AbortSignal,
): Promise<TurnCheck> {
  const offered = toolsToOffer(turn);
  const check = await checkWithBoxSglang(
    target,
    script,
    {
      parser: turn.profile.parser,
      reasoningParser: turn.profile.reasoningParser,
      forceReasoning: forcedReasoning(turn),
      tools: offered.tools.map((t) => ({ type: 'function', function: t })),
      text: turn.text,
    },
    signal,
  );
  if (check.kind === 'problem') return check;
  return { kind: 'report', report: sglangCheckReport(box, turn, offered, check.verdict) };
}
