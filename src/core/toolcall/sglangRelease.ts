// Which SGLang release the engine reads a turn like. SGLang's parsers change from release to release; each
// change the engine follows is one entry below, with the first release that has it. The releases were
// told apart by comparing the parser modules of the PyPI wheels (python/sglang/srt/function_call/ and the
// reasoning parser) release by release; `main` marks behaviour on SGLang's main branch that no release on
// PyPI has yet (read from SGLang's own parser tests, test/fixtures/upstream/sglang/).

/** The newest SGLang release on PyPI when this table was last checked: the default profile. */
export const NEWEST_SGLANG = '0.5.23';
/** Behaviour on SGLang's main branch after NEWEST_SGLANG. */
export const SGLANG_MAIN = 'main';

export const SGLANG_CHANGES = {
  /** serving_chat puts finish_reason back to `stop` when the tool-call parser raises (0.5.10.post1 left `tool_calls`). */
  finishRestoredOnRaise: '0.5.11',
  /**
   * A turn with call markup but no call the parser can read: from 0.5.16 the server keeps only the parser's
   * normal text (the text before the first call tag; the broken call is dropped) and finish_reason stays
   * `stop` (serving_chat "Tool call marker present but no complete call parsed"). Before, the whole text
   * stayed in content with `tool_calls: []` and finish_reason `tool_calls`.
   */
  noCallKeepsNormalText: '0.5.16',
  /** qwen3 reasoning: only leading `<think>` tags are removed and nothing is stripped (before: every `<think>`, and both parts stripped). */
  reasoningKeepsText: '0.5.13',
  /** qwen3 reasoning: with no `</think>`, a `<tool_call>` ends the reasoning and goes on to the tool-call parser. */
  reasoningEndsAtToolCall: '0.5.15',
  /** serving_chat runs normalize_json_schema_types on tool schemas: `varchar`, `double`, `int32`, ... become JSON Schema types. */
  schemaTypeAliases: '0.5.13',
  /** qwen3_coder: a parameter's type comes from infer_type_from_json_schema (type lists, anyOf/oneOf, enum, allOf, properties, items). */
  coderInferredTypes: '0.5.17',
  /** qwen3_coder: with no top-level `properties`, parameters are found in anyOf/oneOf/allOf branches (get_schema_properties). */
  coderBranchProperties: '0.5.19',
  /** qwen3_coder: an integer literal for a `number` parameter stays an exact int instead of going through float(). */
  coderExactNumbers: SGLANG_MAIN,
  /** qwen3_coder: a value that converts to inf or nan (or holds one) is kept as the raw string. */
  coderNonFiniteAsString: SGLANG_MAIN,
  /** qwen3_coder: an unclosed value ending in a mistyped closer (`</parameter1>`, `</parameter`) loses it. */
  coderDriftedCloser: SGLANG_MAIN,
  /** qwen25: entries of a call array that are not objects are skipped instead of failing the turn. */
  qwen25SkipsNonObjects: SGLANG_MAIN,
} as const;

export type SglangChange = keyof typeof SGLANG_CHANGES;

export interface SglangRelease {
  /** The release as asked for (normalised), or NEWEST_SGLANG. */
  version: string;
  /** The installed release is newer than any this table knows: read like the newest, which may be wrong. */
  newerThanKnown: boolean;
}

/** Parses `0.5.15.post1`, `v0.5.9`, `0.5.24.dev3+g1234`, `main`; throws with what is accepted. */
export function sglangRelease(version: string | undefined): SglangRelease {
  if (version === undefined || version.trim() === '')
    return { version: NEWEST_SGLANG, newerThanKnown: false };
  const v = version.trim().replace(/^v/i, '');
  if (v === SGLANG_MAIN) return { version: SGLANG_MAIN, newerThanKnown: false };
  const key = versionKey(v);
  if (key === undefined) {
    throw new Error(
      `SGLang version '${version}' is not a release number. Use one like ${NEWEST_SGLANG} or 0.5.15.post1, or '${SGLANG_MAIN}'.`,
    );
  }
  return { version: v, newerThanKnown: compareKeys(key, versionKey(NEWEST_SGLANG) ?? []) > 0 };
}

/**
 * The profile for turns from a box or server whose installed SGLang is `installed` (the box probe's
 * package version, /server_info's `version`): a release the user pinned wins; an unreadable version
 * keeps the default.
 */
export function withInstalledSglang<P extends { sglang?: string }>(
  profile: P,
  installed: string | null | undefined,
): P {
  if (profile.sglang !== undefined || installed === null || installed === undefined) return profile;
  try {
    return { ...profile, sglang: sglangRelease(installed).version };
  } catch {
    return profile;
  }
}

const notes = new Map<string, string | undefined>();

/** What a verdict read under this release should say about it: that it is newer than any the table knows. */
export function sglangReleaseNote(release: string | undefined): string | undefined {
  if (release === undefined) return undefined;
  if (!notes.has(release)) {
    let note: string | undefined;
    try {
      if (sglangRelease(release).newerThanKnown) {
        note = `SGLang ${release} is newer than any release this version of Rollout Studio knows (newest: ${NEWEST_SGLANG}); its parsers are read like ${NEWEST_SGLANG}'s and may have changed since.`;
      }
    } catch {
      note = undefined;
    }
    notes.set(release, note);
  }
  return notes.get(release);
}

// Asked for every turn read, of the one or two releases runs are read under: parsing the version each
// time was a fiftieth of the diagnostics pass.
const changesOf = new Map<string, Map<SglangChange, boolean>>();

/** Whether the release reads text with this change. */
export function hasChange(release: string | undefined, change: SglangChange): boolean {
  const version = release ?? NEWEST_SGLANG;
  let changes = changesOf.get(version);
  if (!changes) {
    if (changesOf.size >= 64) changesOf.clear();
    changesOf.set(version, (changes = new Map()));
  }
  let has = changes.get(change);
  if (has === undefined) {
    const since = SGLANG_CHANGES[change];
    if (version === SGLANG_MAIN) has = true;
    else if (since === SGLANG_MAIN) has = false;
    else has = compareKeys(versionKey(version) ?? [], versionKey(since) ?? []) >= 0;
    changes.set(change, has);
  }
  return has;
}

/** Release, minor, patch, then post-release number; a dev or rc build sorts before its release. */
function versionKey(v: string): number[] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.?(post|rc|dev|a|b)\.?(\d*))?(?:\+[\w.]+)?$/i.exec(v);
  if (m === null) return undefined;
  const tag = m[4]?.toLowerCase();
  const n = Number(m[5] || 0);
  const suffix = tag === undefined ? [0, 0] : tag === 'post' ? [1, n] : [-1, n];
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), ...suffix];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
