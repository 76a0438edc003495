import type { ReplayState, SampleKey, ViewerToHost } from '../protocol';
import { sampleKeyString } from '../protocol';

/**
 * The viewer's replays: which turn of which sample each replay id belongs to, and its latest state.
 * States arrive from the host by id; a replay of a sample no longer shown keeps its state, so going
 * back to the sample shows it again.
 */
export class ReplayStore {
  private next = 1;
  private readonly byId = new Map<number, { sample: string; turn: number }>();
  private readonly states = new Map<string, Map<number, { id: number; state: ReplayState }>>();
  /** Bumped on every change, so a view holding the store knows to render again. */
  version = 0;

  constructor(
    private readonly post: (m: ViewerToHost) => void,
    private readonly changed: () => void,
  ) {}

  start(runDir: string, key: SampleKey, turn: number): void {
    this.cancel(runDir, key, turn);
    const id = this.next++;
    this.byId.set(id, { sample: sampleId(runDir, key), turn });
    this.set(id, { phase: 'running', server: null });
    this.post({ type: 'replay', replayId: id, runDir, key, turn });
  }

  /** Cancels the turn's replay if it is still running. */
  cancel(runDir: string, key: SampleKey, turn: number): void {
    const s = this.states.get(sampleId(runDir, key))?.get(turn);
    if (s?.state.phase === 'running') this.post({ type: 'cancelReplay', replayId: s.id });
  }

  /** A state from the host; one for a replay that a newer one of the same turn replaced is dropped. */
  update(replayId: number, state: ReplayState): void {
    const at = this.byId.get(replayId);
    if (!at || this.states.get(at.sample)?.get(at.turn)?.id !== replayId) return;
    this.set(replayId, state);
  }

  /** The replays of one sample, by turn. */
  forSample(runDir: string, key: SampleKey): ReadonlyMap<number, ReplayState> {
    const turns = this.states.get(sampleId(runDir, key));
    return new Map([...(turns ?? [])].map(([turn, s]) => [turn, s.state]));
  }

  private set(id: number, state: ReplayState): void {
    const at = this.byId.get(id)!;
    const turns = this.states.get(at.sample) ?? new Map<number, { id: number; state: ReplayState }>();
    turns.set(at.turn, { id, state });
    this.states.set(at.sample, turns);
    this.version++;
    this.changed();
  }
}

const sampleId = (runDir: string, key: SampleKey) => `${runDir}|${sampleKeyString(key)}`;
