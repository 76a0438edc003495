import type { TrajectorySample } from '../trajectory/sample';
import type { ImportProblem } from './importProblems';

export type SourceFormat = 'tap' | 'slime-dump' | 'tau2' | 'tau2-recipe' | 'episode' | 'chat' | 'relax';

/** Step-level facts a source records apart from its samples (tap step records). */
export interface StepFacts {
  step: number;
  evaluation: boolean;
  metrics: Record<string, number>;
  rewards?: { group: number; index: number; raw: number | null; shaped?: number | null }[];
  /** The reward range the run declares (tap step records). */
  rewardRange?: [number, number];
}

export interface ImportResult {
  format: SourceFormat;
  samples: TrajectorySample[];
  steps: StepFacts[];
  /** Source-level context: tau2's `info`, the tap's own failure counts, episode run_meta. */
  info?: Record<string, unknown>;
  problems: ImportProblem[];
  /** Records that could not be read at all and were left out. */
  skipped: number;
}
