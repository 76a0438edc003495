// The one protocol between the extension host and its webviews. Both sides import these types; the
// host never sends HTML, only data, and the webview renders every string as text.
import type { Profile, TurnAnalysis } from '../src/core/toolcall/types';
import type { CreditEntry } from '../src/core/trajectory/creditMap';
import type { TrajectorySample } from '../src/core/trajectory/sample';

export interface PlaygroundState {
  profile: Profile;
  /** The tools file the turn is checked against, or null when no tools are set (TC005/TC006 are off). */
  tools: { label: string; names: string[] } | null;
  analysis: TurnAnalysis;
  /** Lets the webview drop a stale state that arrives after a newer one. */
  version: number;
}

export type HostToPlayground = { type: 'state'; state: PlaygroundState };

export type PlaygroundToHost =
  | { type: 'ready' }
  | { type: 'setProfile'; profile: Partial<Profile> }
  | { type: 'chooseTools' }
  | { type: 'clearTools' }
  /** Select [start, end) of the completion in the editor. */
  | { type: 'reveal'; start: number; end: number };

/** The id of the <script type="application/json"> element that carries the initial state. */
export const INITIAL_STATE_ID = 'rollout-studio-initial-state';

/** Serialises initial state for embedding in HTML: `<` is escaped so no text can close the script. */
export function embedState(state: unknown): string {
  return JSON.stringify(state)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// ---- Trajectory viewer ------------------------------------------------------------------------------
// The webview pulls: pages of rows, one sample, the per-step overview. The host only pushes small
// notices (counts, run list) and never the dataset. Everything the host sends is data; model text in it
// is untrusted and rendered as text.

/** A sample's identity inside a run: (step, eval, group, index) is unique and survives a reload. */
export interface SampleKey {
  step: number;
  evaluation: boolean;
  group: number;
  index: number;
}

export const sampleKeyString = (k: SampleKey) =>
  `${k.evaluation ? 'eval' : 'step'}-${k.step}/group-${k.group}/sample-${k.index}`;

export const sameSample = (a: SampleKey | null | undefined, b: SampleKey | null | undefined) =>
  !!a &&
  !!b &&
  a.step === b.step &&
  a.evaluation === b.evaluation &&
  a.group === b.group &&
  a.index === b.index;

export type SortColumn =
  | 'step'
  | 'group'
  | 'task'
  | 'reward'
  | 'shaped'
  | 'advantage'
  | 'status'
  | 'turns'
  | 'calls'
  | 'diagnostics'
  | 'length';

export interface ViewerQuery {
  /** A filter expression, e.g. `reward < 1 and code == TC002` (see the filter help in the viewer). */
  filter: string;
  /** Text searched for in the raw records (model output, tool results, metadata); case-sensitive. */
  search: string;
  sort: { column: SortColumn; descending: boolean };
}

export interface SampleRow {
  key: SampleKey;
  task: string | null;
  domain: string | null;
  status: 'completed' | 'truncated' | 'aborted' | 'failed';
  reward: number | null;
  shaped: number | null;
  /** GRPO advantage inside the group (slime's formula); null while the group has one reward or none. */
  advantage: number | null;
  /** Null while the store has not counted the sample's diagnostics yet. */
  errors: number | null;
  warnings: number | null;
  /** From the background scan of the bodies; null until that sample was scanned. */
  turns: number | null;
  calls: number | null;
  /** Response tokens when the record has them, else characters of the assistant turns. */
  length: number | null;
  lengthUnit: 'tokens' | 'chars' | null;
  /** Diagnostic codes found in the sample, e.g. ["TC002"]. */
  codes: string[] | null;
  /** Why the sample never reached the trainer, or null when nothing says it did not. */
  discarded: DiscardReason | null;
}

/**
 * Why a rollout never reached the trainer: slime's remove_sample (the record's `removed`), an aborted
 * generation, or a training group whose rewards are all equal (dynamic sampling drops it when its
 * nonzero-std filter is on; trained anyway, it carries zero advantage and so no gradient).
 */
export type DiscardReason = 'removed' | 'aborted' | 'zero-std';

export interface RowsPage {
  /** Rows matching the query; the page is rows[start .. start + rows.length). */
  total: number;
  start: number;
  rows: SampleRow[];
  /** Rows in the run, whatever the query. */
  runTotal: number;
  /** Samples whose bodies are not scanned yet (turns, calls, length and codes still unknown). */
  unscanned: number;
  /** The filter could not be read; rows are then unfiltered. */
  filterError: string | null;
  /** Search over the raw records still running: the result may grow. */
  searching: boolean;
  /** Run-wide ranges the table's metric dots are coloured on, so a colour means the same on every page. */
  scales: RowScales;
}

/** Observed over the whole run (no record declares a reward range yet); null while nothing is known. */
export interface RowScales {
  reward: { min: number; max: number } | null;
  shaped: { min: number; max: number } | null;
  /** Largest |advantage|: advantages are coloured on [-maxAbs, maxAbs], zero in the middle. */
  advantage: { maxAbs: number } | null;
  /** Longest response among scanned samples (in that sample's unit). */
  length: { max: number } | null;
}

export interface StepAggregate {
  step: number;
  evaluation: boolean;
  samples: number;
  groups: number;
  rewardMean: number | null;
  rewardStd: number | null;
  shapedMean: number | null;
  shapedStd: number | null;
  /** Fraction of rewarded samples whose reward is 1 (tau2's success). */
  success: number | null;
  truncated: number;
  /** Fraction of groups whose rewards are all equal (GRPO learns nothing from them). */
  zeroStdGroups: number | null;
  /** Mean response length (tokens when known, else characters) over scanned samples. */
  responseLength: number | null;
  /** Share of the samples with counted diagnostics that have a tool-call error; null until any are counted. */
  withErrors: number | null;
  /** Fraction of scanned samples that have each diagnostic code. */
  codes: Record<string, number>;
  /** slime's own metrics from the step record, when the tap wrote one. */
  metrics: Record<string, number>;
  /** Samples of the step that never reached the trainer, by reason. */
  discarded: Record<DiscardReason, number>;
}

export interface RunOverview {
  steps: StepAggregate[];
  codes: string[];
  lengthUnit: 'tokens' | 'chars' | null;
  unscanned: number;
}

export interface EvalDomain {
  domain: string;
  tasks: number;
  attempts: number;
  avgReward: number | null;
  /** k → value, k = 1 … the fewest attempts any task has. */
  passAtK: Record<string, number>;
  passHatK: Record<string, number>;
  /** Every task with its attempts, so each trajectory is one click away. */
  taskAttempts: { task: string; attempts: { key: SampleKey; reward: number | null }[] }[];
}

export interface EvalSummary {
  /** Which samples were counted: eval rollouts when the run has them, else the training rollouts. */
  source: 'eval' | 'train';
  step: number | null;
  /** Steps of that source that can be summarised instead. */
  steps: number[];
  domains: EvalDomain[];
}

export interface GroupFacts {
  size: number;
  /** Each member's index in the group and its reward, in the order they arrived. */
  indexes: number[];
  rewards: (number | null)[];
  /** What the advantage was computed over (the tau2 recipe normalises the shaped reward). */
  basis: 'shaped' | 'raw';
  mean: number | null;
  std: number | null;
  zeroStd: boolean;
}

export interface SampleDetail {
  runDir: string;
  key: SampleKey;
  sample: TrajectorySample;
  credit: CreditEntry[];
  advantage: number | null;
  group: GroupFacts;
  partialScore: number | null;
  partialComponents: Record<string, number>;
  /** Size of the record line in bytes. */
  bytes: number;
  discarded: DiscardReason | null;
}

export interface ComparePair {
  left: SampleKey;
  right: SampleKey;
}

/** The requests the webview makes, each with its parameters and its result. */
export interface ViewerApi {
  rows: { params: { runDir: string; query: ViewerQuery; start: number; count: number }; result: RowsPage };
  sample: { params: { runDir: string; key: SampleKey }; result: SampleDetail };
  overview: { params: { runDir: string }; result: RunOverview };
  /** The best and the worst sample of the key's group (the other one when the key is either). */
  comparePair: { params: { runDir: string; key: SampleKey }; result: ComparePair | null };
  /** Without a step: the latest eval step, or the latest training step when the run has no evals. */
  evalSummary: { params: { runDir: string; step?: number }; result: EvalSummary };
  /** Another run's overview for the overlay, from its index only (no lengths, codes or discards). */
  overlay: { params: { runDir: string }; result: RunOverview };
}
export type ViewerMethod = keyof ViewerApi;

export type ViewerRequest = {
  [M in ViewerMethod]: { type: 'request'; id: number; method: M; params: ViewerApi[M]['params'] };
}[ViewerMethod];

export type ViewerResponse =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export interface RunInfo {
  dir: string;
  name: string;
  state: string;
  samples: number;
}

export type ViewerTab = 'samples' | 'overview' | 'eval';

/** What a reload restores (WebviewPanelSerializer) and what the HTML embeds on first paint. */
export interface ViewerUiState {
  runDir: string | null;
  query: ViewerQuery;
  tab: ViewerTab;
  selected: SampleKey | null;
  /** The sample shown beside the selected one; null when not comparing. */
  compareWith: SampleKey | null;
  /** Raw view: turns as the chat template text the model saw. */
  raw: boolean;
  /** How turn text is shown; absent in states saved before the toggles existed. */
  render?: RenderOptions;
  /** Overview charts: other runs drawn on the same axes, and EMA smoothing (0 = none). */
  overlay?: { runs: string[]; smoothing: number };
}

/** The trajectory's render toggles. */
export interface RenderOptions {
  /** Reasoning (`<think>`) blocks open rather than collapsed. */
  think: boolean;
  /** Message text read as Markdown (rendered as text nodes only) rather than shown verbatim. */
  markdown: boolean;
  /** JSON in tool results and messages pretty-printed. */
  code: boolean;
}

export const DEFAULT_RENDER: RenderOptions = { think: false, markdown: false, code: false };

export interface ViewerInit {
  ui: ViewerUiState;
  runs: RunInfo[];
}

export type HostToViewer =
  | ViewerResponse
  /** The run grew (or restarted): refetch what is visible. */
  | { type: 'notice'; runDir: string; samples: number; steps: number; problems: number; restarted: boolean }
  | { type: 'runs'; runs: RunInfo[] }
  /** Show this sample (the explorer asked); the run switches when needed. */
  /** Select the sample; with compareWith, show the two side by side. */
  | { type: 'reveal'; runDir: string; key: SampleKey; compareWith: SampleKey | null };

export type ViewerToHost =
  | ViewerRequest
  | { type: 'ready' }
  /** The UI state changed: the host keeps it for the panel title and for a reload. */
  | { type: 'uiState'; ui: ViewerUiState }
  | { type: 'openTurn'; runDir: string; key: SampleKey; turn: number }
  | { type: 'openRecord'; runDir: string; key: SampleKey };

export const DEFAULT_VIEWER_QUERY: ViewerQuery = {
  filter: '',
  search: '',
  sort: { column: 'step', descending: false },
};
