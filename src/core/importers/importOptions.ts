import type { TurnAnalyzer } from '../trajectory/turnAnalyzer';

export interface ImportOptions {
  /** Gives assistant turns whose calls are in their text a verdict and diagnostics; absent: text only. */
  analyzer?: TurnAnalyzer;
}
