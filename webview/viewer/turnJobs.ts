import type { ReplayState, SampleKey, SglangCheckState, ViewerToHost } from '../../src/shared/protocol';
import { sampleKeyString } from '../../src/shared/protocol';

/** How one kind of turn job (a replay, a check with the box's SGLang) is asked of the host. */
export interface TurnJobMessages<S> {
  start: (id: number, runKey: string, key: SampleKey, turn: number) => ViewerToHost;
  /** Absent for jobs that cannot be cancelled. */
  cancel?: (id: number) => ViewerToHost;
  /** The state a job has until the host says more. */
  initial: S;
}

/**
 * The viewer's jobs of one kind on assistant turns: which turn of which sample each job id belongs to, and
 * its latest state. States arrive from the host by id; a job of a sample no longer shown keeps its state,
 * so going back to the sample shows it again.
 */
export class TurnJobs<S extends { phase: string }> {
  private next = 1;
  private readonly byId = new Map<number, { sample: string; turn: number }>();
  private readonly states = new Map<string, Map<number, { id: number; state: S }>>();
  /** Bumped on every change, so a view holding the store knows to render again. */
  version = 0;

  constructor(
    private readonly messages: TurnJobMessages<S>,
    private readonly post: (m: ViewerToHost) => void,
    private readonly changed: () => void,
  ) {}

  start(runKey: string, key: SampleKey, turn: number): void {
    this.cancel(runKey, key, turn);
    const id = this.next++;
    this.byId.set(id, { sample: sampleId(runKey, key), turn });
    this.set(id, this.messages.initial);
    this.post(this.messages.start(id, runKey, key, turn));
  }

  /** Cancels the turn's job if it is still running. */
  cancel(runKey: string, key: SampleKey, turn: number): void {
    const s = this.states.get(sampleId(runKey, key))?.get(turn);
    if (s?.state.phase === 'running' && this.messages.cancel) this.post(this.messages.cancel(s.id));
  }

  /** A state from the host; one for a job that a newer one of the same turn replaced is dropped. */
  update(id: number, state: S): void {
    const at = this.byId.get(id);
    if (!at || this.states.get(at.sample)?.get(at.turn)?.id !== id) return;
    this.set(id, state);
  }

  /** The jobs of one sample, by turn. */
  forSample(runKey: string, key: SampleKey): ReadonlyMap<number, S> {
    const turns = this.states.get(sampleId(runKey, key));
    return new Map([...(turns ?? [])].map(([turn, s]) => [turn, s.state]));
  }

  private set(id: number, state: S): void {
    const at = this.byId.get(id)!;
    const turns = this.states.get(at.sample) ?? new Map<number, { id: number; state: S }>();
    turns.set(at.turn, { id, state });
    this.states.set(at.sample, turns);
    this.version++;
    this.changed();
  }
}

const sampleId = (runKey: string, key: SampleKey) => `${runKey}|${sampleKeyString(key)}`;

/** Replay on policy server (replayPanel.ts). */
export const REPLAY_MESSAGES: TurnJobMessages<ReplayState> = {
  start: (replayId, runKey, key, turn) => ({ type: 'replay', replayId, runKey, key, turn }),
  cancel: (replayId) => ({ type: 'cancelReplay', replayId }),
  initial: { phase: 'running', server: null },
};

/** Check with the box's SGLang (sglangCheckPanel.ts): runs at most a minute, not cancelled. */
export const SGLANG_CHECK_MESSAGES: TurnJobMessages<SglangCheckState> = {
  start: (checkId, runKey, key, turn) => ({ type: 'sglangCheck', checkId, runKey, key, turn }),
  initial: { phase: 'running', box: null },
};
