// The one protocol between the extension host and its webviews. Both sides import these types; the
// host never sends HTML, only data, and the webview renders every string as text.
import type { BehaviourFlag, ShapedDrift } from '../core/metrics/behaviourScan';
import type { SampleTrace } from '../core/records/traceSpans';
import type { Timeline } from '../core/runspec/stepTimeline';
import type { SglangCheckReport } from '../core/toolcall/sglangCheckReport';
import type { Profile, TurnAnalysis } from '../core/toolcall/types';
import type { ServerParse } from '../core/replay/serverParse';
import type { DiscardReason } from '../core/metrics/discardReason';
import type { StageTable } from '../core/eval/stageComparison';
import type { RewardScale } from './rewardScale';
import type { TrainTokenSample } from '../core/tokens/trainTokens';
import type { CreditEntry } from '../core/trajectory/creditMap';
import type { TrajectorySample } from '../core/trajectory/sample';
import type { GpuReading } from '../core/infra/gpuReadings';
import type { StepEnd } from './stepEnds';
import type { SavedViews } from '../core/store/savedViews';

export interface PlaygroundState {
  profile: Profile;
  /** The tools file the turn is checked against, or null when no tools are set (TC005/TC006 are off). */
  tools: { label: string; names: string[] } | null;
  analysis: TurnAnalysis;
  /** Lets the webview drop a stale state that arrives after a newer one. */
  version: number;
}

export type HostToPlayground = { type: 'state'; state: PlaygroundState };

/** The stage-comparison table, as read from the eval runs of the connected boxes. */
export interface StageTableState {
  table: StageTable;
  /** Eval runs that could not be read, each "box: run dir: why". */
  problems: string[];
  version: number;
}

export type HostToStageTable = { type: 'state'; state: StageTableState };

export type StageTableToHost = { type: 'ready' } | { type: 'refresh' };

export type PlaygroundToHost =
  | { type: 'ready' }
  | { type: 'setProfile'; profile: Partial<Profile> }
  | { type: 'chooseTools' }
  | { type: 'clearTools' }
  /** Select [start, end) of the completion in the editor. */
  | { type: 'reveal'; start: number; end: number };

/** The id of the <script type="application/json"> element that carries the initial state. */
export const INITIAL_STATE_ID = 'rollout-studio-initial-state';

/**
 * The id of the <script type="application/json"> element that carries the host's `vscode.l10n.bundle`:
 * the translated messages of the display language, or null when VS Code shows English.
 */
export const L10N_BUNDLE_ID = 'rollout-studio-l10n-bundle';

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
  /** Text searched for in the records as a person reads them (core/store/visibleText.ts); any case. */
  search: string;
  sort: { column: SortColumn; descending: boolean };
}

export interface SampleRow {
  key: SampleKey;
  task: string | null;
  domain: string | null;
  status: 'completed' | 'truncated' | 'aborted' | 'failed' | 'pending';
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
  /** The behaviour scanner's flags (loop, early-done, …); null until the body is scanned. */
  flags: BehaviourFlag[] | null;
  /** The note of a pinned sample (the user's text, maybe empty); null when the sample is not pinned. */
  note: string | null;
}

export type { DiscardReason };

export interface RowsPage {
  /** Rows matching the query; the page is rows[start .. start + rows.length). */
  total: number;
  start: number;
  rows: SampleRow[];
  /** Rows in the run, whatever the query. */
  runTotal: number;
  /** Samples whose bodies are not scanned yet (turns, calls, length and codes still unknown). */
  unscanned: number;
  /**
   * A heads-only run: bodies stay on the box and are read when a sample is opened, so what they hold
   * (turns, calls, length, codes) is not filled in by a background read.
   */
  bodiesOnBox: boolean;
  /** The filter could not be read; rows are then unfiltered. */
  filterError: string | null;
  /** Search over the raw records still running: the result may grow. */
  searching: boolean;
  /** Run-wide ranges the table's metric dots are coloured on, so a colour means the same on every page. */
  scales: RowScales;
}

/**
 * What the dots are coloured on: the reward on the range the run declares, else the range observed over the
 * whole run; the shaped reward (which partial credit may push past the task reward's range) is always
 * observed. Null while nothing is known.
 */
export interface RowScales {
  reward: RewardScale | null;
  shaped: RewardScale | null;
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
  /** Of those, the share with a call SGLang's parse drops (parse failures, not schema errors). */
  dropped: number | null;
  /** Fraction of scanned samples that have each diagnostic code. */
  codes: Record<string, number>;
  /** slime's own metrics from the step record, when the tap wrote one. */
  metrics: Record<string, number>;
  /** Samples of the step that never reached the trainer, by reason. */
  discarded: Record<DiscardReason, number>;
}

/** One step's values in a distribution's bins, with the numbers its text table shows. */
export interface StepHistogram {
  step: number;
  counts: number[];
  n: number;
  min: number;
  median: number;
  max: number;
}

/** Training steps' histograms of one quantity over bins shared by the whole run; null when nothing has it. */
export interface Distribution {
  /** Bin edges, one more than the bins; the last bin includes its upper edge. */
  edges: number[];
  /** Whole-number values (turns, tokens): a bin [a, b) holds a … b − 1. */
  integer: boolean;
  steps: StepHistogram[];
}

export interface RunOverview {
  steps: StepAggregate[];
  codes: string[];
  lengthUnit: 'tokens' | 'chars' | null;
  unscanned: number;
  /** As RowsPage's: a heads-only run's bodies are not read in the background. */
  bodiesOnBox: boolean;
  /** Per-step histograms (TensorBoard's distributions) of the raw reward, the response length and turns. */
  distributions: {
    reward: Distribution | null;
    length: Distribution | null;
    turns: Distribution | null;
  };
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
  runKey: string;
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
  /** slime's per-sample trace as spans, when the tap saw one. */
  trace?: SampleTrace | null;
}

/** The behaviour scanner over the run's scanned samples: each flag with its training steps' counts. */
export interface BehaviourOverview {
  flags: { flag: BehaviourFlag; samples: number; byStep: Record<string, number> }[];
  /** Training steps where the shaped reward mean rose while the success rate did not. */
  shapedDrift: ShapedDrift[];
  /** Training steps of the run, in order: the x axis of every flag's counts. */
  steps: number[];
  unscanned: number;
  /** As RowsPage's: a heads-only run's bodies are not read in the background. */
  bodiesOnBox: boolean;
}

/** Where each step's time went, from the run's console.log; `note` says why there is none. */
/** The run's infrastructure over time: GPU readings taken while it was live and shown, and its W&B page. */
export interface RunInfra {
  gpu: GpuReading[];
  /** Sampling is on now (the run is live and a view asked within the lease). */
  sampling: boolean;
  /** Why there are no (new) readings, in words; null when sampling works or there is nothing to say. */
  gpuNote: string | null;
  /** The W&B run page slime's wandb announced on the console (--use-wandb), if it did. */
  wandbUrl: string | null;
  /** Where the run's steps ended, from its console's stamps, on the readings' clock. */
  stepEnds: StepEnd[];
}

export interface RunTimeline {
  timeline: Timeline | null;
  note: string | null;
}

export interface ComparePair {
  left: SampleKey;
  right: SampleKey;
}

/** The requests the webview makes, each with its parameters and its result. */
export interface ViewerApi {
  rows: { params: { runKey: string; query: ViewerQuery; start: number; count: number }; result: RowsPage };
  /** The key's place among the query's rows (what the table shows); null when the query leaves it out. */
  rowIndex: { params: { runKey: string; query: ViewerQuery; key: SampleKey }; result: number | null };
  sample: { params: { runKey: string; key: SampleKey }; result: SampleDetail };
  overview: { params: { runKey: string }; result: RunOverview };
  /** The best and the worst sample of the key's group (the other one when the key is either). */
  comparePair: { params: { runKey: string; key: SampleKey }; result: ComparePair | null };
  /** Without a step: the latest eval step, or the latest training step when the run has no evals. */
  evalSummary: { params: { runKey: string; step?: number }; result: EvalSummary };
  /** Another run's overview for the overlay, from its index only (no lengths, codes or discards). */
  overlay: { params: { runKey: string }; result: RunOverview };
  behaviour: { params: { runKey: string }; result: BehaviourOverview };
  timeline: { params: { runKey: string }; result: RunTimeline };
  infra: { params: { runKey: string }; result: RunInfra };
  /** The key's task in the other runs the extension knows, from their indexes. */
  sameTask: { params: { runKey: string; key: SampleKey }; result: SameTaskRuns };
  /** The sample's response token by token from its step's --save-debug-train-data dump. */
  tokens: { params: { runKey: string; key: SampleKey }; result: TokenView };
  /** The run's saved views and pinned samples (saved-views.json beside its store). */
  savedViews: { params: { runKey: string }; result: SavedViews };
}

export type { SavedViews };

/** The same task in other runs: by task id (and domain), or by the prompt's hash when records name no task. */
export interface SameTaskRuns {
  by: { kind: 'task'; task: string; domain: string | null } | { kind: 'prompt'; hash: string } | null;
  runs: SameTaskRun[];
}

export interface SameTaskRun {
  runKey: string;
  name: string;
  /** Samples of the task in that run (eval rollouts included) and their mean reward. */
  samples: number;
  rewardMean: number | null;
  /** The first samples, in step order, to open; `samples` may be more. */
  shown: { key: SampleKey; reward: number | null }[];
}

/** A sample's row of the train dump, or why there is none (no dump, not yet written, cannot be joined). */
export type TokenView =
  | {
      ok: true;
      /** How the row was matched to the sample, e.g. "sample_index 37". */
      joinedBy: string;
      /** The converted file the row came from, and the dumps it was converted from. */
      path: string;
      sources: string[];
      tokenizer: { source: string | null; note: string | null };
      problems: string[];
      /** Largest |advantage × loss mask| of the step: every sample of the step shares the scale. */
      maxAbs: number;
      sample: TrainTokenSample;
    }
  | { ok: false; reason: string };
export type ViewerMethod = keyof ViewerApi;

/**
 * The host's answer to each request, typed by ViewerApi: a handler missing from the map, or one taking or
 * returning the wrong thing, does not compile.
 */
export type ViewerHandlers = {
  [M in ViewerMethod]: (
    params: ViewerApi[M]['params'],
  ) => ViewerApi[M]['result'] | Promise<ViewerApi[M]['result']>;
};

export type ViewerRequest = {
  [M in ViewerMethod]: { type: 'request'; id: number; method: M; params: ViewerApi[M]['params'] };
}[ViewerMethod];

export type ViewerResponse =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export interface RunInfo {
  runKey: string;
  name: string;
  state: string;
  samples: number;
  /** The parsers and SGLang release the run's turns are read like, and why, e.g. "qwen25 / qwen3 · SGLang 0.5.23, the default for local files". */
  toolCalls: string;
}

export type ViewerTab = 'samples' | 'overview' | 'eval';

/** What a reload restores (WebviewPanelSerializer) and what the HTML embeds on first paint. */
export interface ViewerUiState {
  runKey: string | null;
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
  /** Token view: the response coloured by advantage × loss mask from the step's train dump. */
  tokens?: boolean;
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

// ---- Replay on policy server ----------------------------------------------------------------------------

/** A new completion for an assistant turn from a running policy server, shown next to the original. */
export interface ReplayResult {
  /** Which server answered: its name, box and port. */
  server: string;
  /** The completion as the model wrote it; null when the server kept no raw text. */
  raw: string | null;
  rawSource: 'request-log' | 'logprobs' | null;
  rawNote: string | null;
  /** Our emulation of the server's parsers on the raw text, with the sample's tools; null without raw text. */
  analysis: TurnAnalysis | null;
  /** Why our emulation read the text under other parsers than the server's, when it had to. */
  profileNote: string | null;
  /** What the server's chat endpoint returned for it. */
  serverParse: ServerParse;
  /** Where ours and the server's parse disagree, in words; empty when they agree. */
  differences: string[];
  usage: { promptTokens: number; completionTokens: number } | null;
  elapsedMs: number;
}

export type ReplayState =
  | { phase: 'running'; server: string | null }
  | { phase: 'done'; result: ReplayResult }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' }
  /** No policy server is ready; the host offered to start one. */
  | { phase: 'no-server' };

// ---- Check with the box's SGLang -----------------------------------------------------------------------

export type { SglangCheckReport };

/** A turn read by the SGLang installed on a box, its answer set beside ours. */
export type SglangCheckState =
  | { phase: 'running'; box: string | null }
  | { phase: 'done'; report: SglangCheckReport }
  /** The box could not answer: no sglang, python3 missing, an import error, a release without the parser. */
  | { phase: 'failed'; box: string | null; message: string }
  | { phase: 'cancelled' }
  /** No box is connected; the host offered to connect one. */
  | { phase: 'no-box' };

/** What the viewer's keybindings (package.json) ask the focused viewer to do. */
export type ViewerAction =
  | 'nextSample'
  | 'previousSample'
  | 'nextDiagnosticTurn'
  | 'previousDiagnosticTurn'
  | 'toggleCompare'
  | 'find';

export type HostToViewer =
  | ViewerResponse
  | { type: 'sglangCheck'; checkId: number; state: SglangCheckState }
  /** A replay moved on; the webview drops ids it no longer shows. */
  | { type: 'replay'; replayId: number; state: ReplayState }
  | { type: 'action'; action: ViewerAction }
  /** The run grew (or restarted): refetch what is visible. */
  | { type: 'notice'; runKey: string; samples: number; steps: number; problems: number; restarted: boolean }
  | { type: 'runs'; runs: RunInfo[] }
  /** The run's saved views or pins changed (here, in the explorer, or by an edit of the file). */
  | { type: 'savedViews'; runKey: string; saved: SavedViews }
  /**
   * Show this sample (the explorer or a link asked); the run switches when needed. With compareWith,
   * the two side by side; with a turn, the trajectory scrolled to it.
   */
  | { type: 'reveal'; runKey: string; key: SampleKey; compareWith: SampleKey | null; turn: number | null };

export type ViewerToHost =
  | ViewerRequest
  | { type: 'ready' }
  /** The UI state changed: the host keeps it for the panel title and for a reload. */
  | { type: 'uiState'; ui: ViewerUiState }
  | { type: 'openTurn'; runKey: string; key: SampleKey; turn: number }
  | { type: 'openRecord'; runKey: string; key: SampleKey }
  /** Export the rows matching the query (the table as filtered and sorted); the host asks format and file. */
  | { type: 'exportRows'; runKey: string; query: ViewerQuery }
  /** Export the sample's trajectory as Markdown for a bug report. */
  | { type: 'exportMarkdown'; runKey: string; key: SampleKey }
  /** Replay on policy server: the conversation before assistant turn `turn`, with the sample's tools. */
  | { type: 'replay'; replayId: number; runKey: string; key: SampleKey; turn: number }
  | { type: 'cancelReplay'; replayId: number }
  /** Check with the box's SGLang: assistant turn `turn` read by the parsers installed on the run's box. */
  | { type: 'sglangCheck'; checkId: number; runKey: string; key: SampleKey; turn: number }
  | { type: 'connectBox' }
  /** Save the query as a named view of the run; the host asks for the name. */
  | { type: 'saveView'; runKey: string; query: ViewerQuery }
  | { type: 'deleteView'; runKey: string; name: string }
  /** Pin the sample, or edit its note when pinned; the host asks for the note. */
  | { type: 'pinSample'; runKey: string; key: SampleKey }
  | { type: 'unpinSample'; runKey: string; key: SampleKey };

export const DEFAULT_VIEWER_QUERY: ViewerQuery = {
  filter: '',
  search: '',
  sort: { column: 'step', descending: false },
};
