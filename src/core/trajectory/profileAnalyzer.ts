import { analyzeTurn } from '../toolcall/analyzeTurn';
import type { Profile } from '../toolcall/types';
import type { TurnAnalyzer } from './turnAnalyzer';

/** The tool-call engine as a turn analyzer under one parser profile (the run's SGLang parser flags). */
export function profileAnalyzer(profile: Profile): TurnAnalyzer {
  return (text, context) => analyzeTurn(text, { profile, ...context });
}
