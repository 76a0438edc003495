import { analyzeCleanTurn } from './cleanTurn';
import { analyzeTurnFully, type AnalyzeOptions } from './fullAnalysis';
import type { TurnAnalysis } from './types';

/**
 * Reads one assistant turn's raw text the way SGLang's non-streaming chat completion does (reasoning split
 * first, then the tool-call parser) and reports what is wrong with it. `tools` undefined means the tools
 * offered to the turn are unknown: names are not checked against them and arguments not against schemas.
 */
export function analyzeTurn(text: string, opts: AnalyzeOptions): TurnAnalysis {
  return analyzeCleanTurn(text, opts) ?? analyzeTurnFully(text, opts);
}
