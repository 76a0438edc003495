import { describe, expect, inject, it } from 'vitest';
import { toolsFromJson } from '../../../../src/core/toolcall/tools';
import { CORPUS } from '../corpus';
import { engineView, type EngineInput } from './engineView';
import { exactJson, fixtureCases, forcesReasoning, type SglangView } from './fixtureCases';
import { generatedCases } from './generated';
import { sglangViews } from './oracle';

// SGLang's own parser modules, several releases installed from PyPI (test/python/sglang-releases.txt), read
// the same texts as the engine under that release's profile. docs/toolcalls.md publishes the agreement.

type Case = EngineInput & { id: string };

const fixture: Case[] = fixtureCases().map((c) => ({
  id: c.id,
  parser: c.parser,
  reasoning_parser: c.reasoning_parser,
  force_reasoning: forcesReasoning(c),
  tools: c.tools,
  text: c.text,
}));
const corpus: Case[] = CORPUS.filter((c) => c.tools !== undefined && c.tools.length > 0).map((c) => ({
  id: `corpus:${c.name}`,
  parser: c.profile.parser,
  reasoning_parser: c.profile.reasoningParser,
  tools: (c.tools ?? []).map((t) => ({ type: 'function', function: t })),
  text: c.text,
}));
const generated = generatedCases(10_002, 15);

/** How the engine's view differs from SGLang's; empty when they agree. */
function differences(ours: SglangView, theirs: SglangView): string[] {
  const out: string[] = [];
  if (ours.normalText !== theirs.normalText) out.push('content');
  if ((ours.reasoning ?? '') !== (theirs.reasoning ?? '')) out.push('reasoning');
  if (ours.calls.length !== theirs.calls.length) out.push('call count');
  else {
    ours.calls.forEach((c, i) => {
      const t = theirs.calls[i]!;
      if (c.name !== t.name) out.push('name');
      else if (JSON.stringify(exactJson(c.arguments)) !== JSON.stringify(exactJson(t.arguments)))
        out.push('arguments');
    });
  }
  return out;
}

describe.each(inject('sglangReleases'))('SGLang $version as the oracle', ({ version, root }) => {
  const python = inject('testPython');
  const all = [...fixture, ...corpus, ...generated];
  const theirs = sglangViews(python, root, all);
  const table = new Map<string, { cases: number; agree: number; kinds: Map<string, string[]> }>();
  for (const c of all) {
    const key = `${c.id.startsWith('gen-') ? 'generated' : c.id.startsWith('corpus:') ? 'corpus' : 'fixture'} ${c.parser} ${c.reasoning_parser}${c.force_reasoning ? '+force' : ''}`;
    const row = table.get(key) ?? { cases: 0, agree: 0, kinds: new Map() };
    table.set(key, row);
    row.cases++;
    const d = differences(engineView(c, version), theirs.get(c.id)!);
    if (d.length === 0) row.agree++;
    for (const k of d) row.kinds.set(k, [...(row.kinds.get(k) ?? []), c.id]);
  }

  it('agrees with the engine', () => {
    const rows = [...table]
      .sort()
      .map(
        ([k, r]) =>
          `${k}: ${r.agree}/${r.cases} ${[...r.kinds].map(([kind, ids]) => `${kind} ${ids.length} (${ids.slice(0, 4).join(' ')})`).join('; ')}`,
      );
    console.log(`SGLang ${version}\n${rows.join('\n')}`);
    expect(rows).toEqual([]);
  });
});
