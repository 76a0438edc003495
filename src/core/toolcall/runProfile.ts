import { NEWEST_SGLANG, withInstalledSglang } from './sglangRelease';
import type { Profile } from './types';

/** The profile a run's turns are read under, and in words which SGLang release that is and why. */
export interface RunProfile {
  profile: Profile;
  /** e.g. "qwen25 / qwen3 · SGLang 0.5.15.post1, installed on gpu-box". */
  said: string;
  /** Equal for equal profiles: what a run store's counts are made under. */
  key: string;
}

/**
 * A run on a box whose SGLang release is known (the box probe, else a server's /server_info) is read like
 * that release; a release pinned in the settings wins; a local dataset, or a box without a known release,
 * is read like the default (the newest release the engine knows). `installed` is undefined for runs that
 * are on no box (opened files).
 */
export function runProfile(
  settings: Profile,
  installed: { version: string | null | undefined; box: string } | undefined,
): RunProfile {
  // parseProfile sets a release only when the setting names one.
  const settingPinned = settings.sglang !== undefined;
  const profile = settingPinned ? settings : withInstalledSglang(settings, installed?.version);
  const release = profile.sglang ?? NEWEST_SGLANG;
  const why = settingPinned
    ? 'from rolloutStudio.toolCalls.sglangVersion'
    : profile.sglang !== undefined && installed !== undefined
      ? `installed on ${installed.box}`
      : installed === undefined
        ? 'the default for local files'
        : `the default: the SGLang release on ${installed.box} is not known`;
  const force =
    profile.forceReasoning === undefined ? '' : ` · force_reasoning ${profile.forceReasoning ? 'on' : 'off'}`;
  return {
    profile,
    said: `${profile.parser} / ${profile.reasoningParser}${force} · SGLang ${release}, ${why}`,
    key: JSON.stringify([
      profile.parser,
      profile.reasoningParser,
      profile.policy,
      release,
      profile.forceReasoning ?? null,
    ]),
  };
}
