import { withInstalledSglang } from '../toolcall/sglangRelease';
import type { Profile, ReasoningParserName, ToolCallParserName } from '../toolcall/types';

// The server's --tool-call-parser / --reasoning-parser names (reference/sglang.md 1) that the emulation
// models. `qwen` is qwen25's name from 0.5.3 on; `qwen3-thinking` differs from `qwen3` only when the text
// has no think tag at all, which the emulation reads as thinking off.
const TOOL: Record<string, ToolCallParserName> = {
  qwen: 'qwen25',
  qwen25: 'qwen25',
  hermes: 'hermes',
  qwen3_coder: 'qwen3_coder',
};
const REASONING: Record<string, ReasoningParserName> = { qwen3: 'qwen3', 'qwen3-thinking': 'qwen3' };

/**
 * The profile a replayed completion is read under: the parsers the server runs with, so our verdict and
 * the server's parse are of the same thing. A parser the emulation does not model keeps the run's one,
 * and the note says so.
 */
export function serverProfile(
  server: { toolCallParser: string | null; reasoningParser: string | null; version?: string } | undefined,
  runProfile: Profile,
): { profile: Profile; note: string | null } {
  if (!server) return { profile: runProfile, note: null };
  // The server's own SGLang release, unless the user pinned one.
  const fallback = withInstalledSglang(runProfile, server.version);
  const notes: string[] = [];
  let parser = fallback.parser;
  if (server.toolCallParser === null) {
    notes.push(
      `the server runs no tool-call parser, so it returns every call as text in content; ours reads them as ${fallback.parser}`,
    );
  } else {
    const known = TOOL[server.toolCallParser];
    if (known) parser = known;
    else
      notes.push(
        `the server's tool-call parser ${server.toolCallParser} is not emulated; ours reads it as ${fallback.parser}`,
      );
  }
  let reasoningParser: ReasoningParserName = 'none';
  if (server.reasoningParser !== null) {
    const known = REASONING[server.reasoningParser];
    if (known) reasoningParser = known;
    else {
      reasoningParser = fallback.reasoningParser;
      notes.push(
        `the server's reasoning parser ${server.reasoningParser} is not emulated; ours reads it as ${fallback.reasoningParser}`,
      );
    }
  }
  return {
    profile: { ...fallback, parser, reasoningParser },
    note: notes.length > 0 ? `${notes.join('; ')}.` : null,
  };
}
