import { analyzeTurn } from '../../../../src/core/toolcall/analyzeTurn';
import { parseProfile } from '../../../../src/core/toolcall/profile';
import { pyJsonDumps } from '../../../../src/core/toolcall/pyJsonDumps';
import { toolsFromJson } from '../../../../src/core/toolcall/tools';
import type { SglangView } from './fixtureCases';

export interface EngineInput {
  parser: string;
  reasoning_parser: string;
  force_reasoning?: boolean;
  tools: unknown[];
  text: string;
}

/**
 * The engine's verdict in the terms SGLang's parsers answer in: the tool-call parser's normal text (the
 * text itself when it returns no calls) and the exact `function.arguments` strings.
 */
export function engineView(input: EngineInput, sglang: string | undefined): SglangView {
  const profile = parseProfile({
    parser: input.parser,
    reasoningParser: input.reasoning_parser,
    sglang,
    forceReasoning: input.force_reasoning ?? false,
  });
  const { verdict } = analyzeTurn(input.text, { profile, tools: toolsFromJson(input.tools) });
  return {
    normalText: verdict.content ?? '',
    reasoning: verdict.reasoning,
    calls: verdict.calls.map((c) => ({
      name: c.name,
      arguments: c.argumentsJson ?? pyJsonDumps(c.arguments),
    })),
  };
}
