// The one protocol between the extension host and its webviews. Both sides import these types; the
// host never sends HTML, only data, and the webview renders every string as text.
import type { Profile, TurnAnalysis } from '../src/core/toolcall/types';

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
