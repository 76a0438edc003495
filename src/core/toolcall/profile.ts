import { sglangRelease } from './sglangRelease';
import type { LintPolicy, Profile, ReasoningParserName, ToolCallParserName } from './types';

// `qwen` is SGLang's current name for the same detector; `qwen25` is the value every release accepts.
const PARSERS: Record<string, ToolCallParserName> = {
  qwen25: 'qwen25',
  qwen: 'qwen25',
  hermes: 'hermes',
  qwen3_coder: 'qwen3_coder',
};
const REASONING_PARSERS: readonly ReasoningParserName[] = ['qwen3', 'none'];
const POLICIES: readonly LintPolicy[] = ['sglang', 'single-call'];

/** Builds a profile from user-facing names; defaults are the tau2 Qwen3 recipe's (qwen25 / qwen3 / sglang). */
export function parseProfile(input: {
  parser?: string;
  reasoningParser?: string;
  policy?: string;
  sglang?: string;
  forceReasoning?: boolean;
}): Profile {
  const parser = PARSERS[input.parser ?? 'qwen25'];
  if (parser === undefined) {
    throw new Error(
      `Unknown tool-call parser '${input.parser}'. Allowed: ${Object.keys(PARSERS).join(', ')}.`,
    );
  }
  const reasoningParser = pick(input.reasoningParser ?? 'qwen3', REASONING_PARSERS, 'reasoning parser');
  const policy = pick(input.policy ?? 'sglang', POLICIES, 'policy');
  const profile: Profile = { parser, reasoningParser, policy };
  if (input.sglang !== undefined && input.sglang.trim() !== '')
    profile.sglang = sglangRelease(input.sglang).version;
  if (input.forceReasoning !== undefined) profile.forceReasoning = input.forceReasoning;
  return profile;
}

function pick<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new Error(`Unknown ${what} '${value}'. Allowed: ${allowed.join(', ')}.`);
  return found;
}
