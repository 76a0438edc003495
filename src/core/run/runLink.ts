/**
 * Links to a run, a sample of it and a turn of that sample, as `vscode://` URIs the extension's URI
 * handler opens. A link names the box that holds the run (an ssh alias, or "local" for the machine
 * VS Code runs on) and the run's directory there, so the handler knows what to connect to first.
 * Only the query is ours; the scheme and authority are VS Code's and the extension's id.
 */

export const RUN_LINK_PATH = '/open';

export interface LinkedSample {
  step: number;
  evaluation: boolean;
  group: number;
  index: number;
}

export interface RunLink {
  box: string;
  runDir: string;
  sample: LinkedSample | null;
  /** A turn of the sample; only with a sample. */
  turn: number | null;
}

/** The sample as the explorer's Copy Sample Id writes it after the run: `step-3/group-0/sample-2`. */
export const linkedSampleString = (s: LinkedSample) =>
  `${s.evaluation ? 'eval' : 'step'}-${s.step}/group-${s.group}/sample-${s.index}`;

const SAMPLE = /^(step|eval)-(\d+)\/group-(\d+)\/sample-(\d+)$/;

/** The link's query string (without `?`), values percent-encoded. */
export function formatRunLink(link: RunLink): string {
  const params = new URLSearchParams({ box: link.box, run: link.runDir });
  if (link.sample) params.set('sample', linkedSampleString(link.sample));
  if (link.sample && link.turn !== null) params.set('turn', String(link.turn));
  return params.toString();
}

/**
 * The whole link. VS Code percent-decodes a URI's query once before the handler sees it, so a value's
 * own escapes (a directory holding `&` or `=`) are escaped once more here to survive that.
 */
export function runLinkUri(scheme: string, extensionId: string, link: RunLink): string {
  return `${scheme}://${extensionId}${RUN_LINK_PATH}?${formatRunLink(link).replaceAll('%', '%25')}`;
}

/** Reads a link's path and query (as VS Code hands them over, decoded once); a bad link is refused naming the part that is wrong. */
export function parseRunLink(path: string, query: string): RunLink {
  if (path !== RUN_LINK_PATH)
    throw new Error(`the link's path is "${path}"; Rollout Studio links start with ${RUN_LINK_PATH}`);
  const params = new URLSearchParams(query);
  const box = params.get('box');
  const runDir = params.get('run');
  if (!box) throw new Error('the link names no box (box=…)');
  if (!runDir?.startsWith('/')) throw new Error('the link names no run directory (run=/…)');
  const sampleText = params.get('sample');
  let sample: LinkedSample | null = null;
  if (sampleText !== null) {
    const m = SAMPLE.exec(sampleText);
    if (!m) throw new Error(`sample=${sampleText} is not of the form step-3/group-0/sample-2`);
    sample = { evaluation: m[1] === 'eval', step: Number(m[2]), group: Number(m[3]), index: Number(m[4]) };
  }
  const turnText = params.get('turn');
  let turn: number | null = null;
  if (turnText !== null) {
    if (!sample) throw new Error('turn= needs a sample= to be a turn of');
    if (!/^\d+$/.test(turnText)) throw new Error(`turn=${turnText} is not a turn number`);
    turn = Number(turnText);
  }
  return { box, runDir, sample, turn };
}
