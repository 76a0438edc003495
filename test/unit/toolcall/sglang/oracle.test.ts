import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { hasChange } from '../../../../src/core/toolcall/sglangRelease';
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

/**
 * The one known way the engine and an SGLang release part (docs/toolcalls.md): before 0.5.13 the qwen3
 * reasoning parser removed every `<think>` from the whole text (reasoning_parser.py:
 * `processed_text = text.replace(self.think_start_token, "").strip()`), also inside the content and the
 * calls the tool-call parser then reads; the engine keeps the text as written after the leading tags.
 */
function explained(c: Case, version: string): boolean {
  return (
    !hasChange(version, 'reasoningKeepsText') &&
    c.reasoning_parser === 'qwen3' &&
    c.text.replace(/^(?:<think>)+/, '').includes('<think>')
  );
}

const DOCS = join(import.meta.dirname, '../../../../docs/toolcalls.md');

/** The agreement table docs/toolcalls.md publishes, one row per release, source, parser and reasoning setting. */
function publishedRows(version: string): string[] {
  return readFileSync(DOCS, 'utf8')
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter(
      (cells) =>
        cells.length === 7 && cells[0] === version && /^(fixture|corpus|generated)$/.test(cells[1] ?? ''),
    )
    .map((cells) => `| ${cells.join(' | ')} |`);
}

describe("SGLang's own parsers as the oracle", () => {
  const all = [...fixture, ...corpus, ...generated];
  for (const { version, root } of inject('sglangReleases')) {
    it(`SGLang ${version}: every disagreement is one docs/toolcalls.md explains, and its table is current`, () => {
      const theirs = sglangViews(inject('testPython'), root, all);
      const rows = new Map<string, { cases: number; agree: number; explained: number }>();
      const unexplained: string[] = [];
      for (const c of all) {
        const source = c.id.startsWith('gen-')
          ? 'generated'
          : c.id.startsWith('corpus:')
            ? 'corpus'
            : 'fixture';
        const reasoning =
          c.reasoning_parser === 'none' ? 'none' : c.force_reasoning ? 'qwen3, forced' : 'qwen3';
        const key = `| ${version} | ${source} | ${c.parser} | ${reasoning} |`;
        const row = rows.get(key) ?? { cases: 0, agree: 0, explained: 0 };
        rows.set(key, row);
        row.cases++;
        const sglang = theirs.get(c.id);
        if (sglang === undefined) throw new Error(`no verdict from SGLang ${version} for ${c.id}`);
        const d = differences(engineView(c, version), sglang);
        if (d.length === 0) row.agree++;
        else if (explained(c, version)) row.explained++;
        else unexplained.push(`${c.id}: ${d.join(', ')}`);
      }
      expect(unexplained).toEqual([]);
      const table = [...rows].map(([k, r]) => `${k} ${r.cases} | ${r.agree} | ${r.explained} |`).sort();
      expect(table).toEqual(publishedRows(version).sort());
    }, 300_000);
  }
});
