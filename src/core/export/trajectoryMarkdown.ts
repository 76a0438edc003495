import type { TrajectorySample } from '../trajectory/sample';
import type { Turn } from '../trajectory/turn';
import type { Profile } from '../toolcall/types';

/** Where the trajectory came from, for the report's header. */
export interface MarkdownContext {
  run: string;
  sampleId: string;
  profile: Profile;
  /** A link that opens the sample in Rollout Studio, when there is one. */
  link?: string;
}

/**
 * Prose in a report that may carry text from a record (a task id, a tool name in a message): the
 * characters that start Markdown syntax are backslash-escaped (CommonMark allows it for any ASCII
 * punctuation), so the text shows as written and never becomes a link, emphasis, HTML, an entity or a
 * table cell boundary; line ends become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>()#+\-.!|~&]/g, (c) => `\\${c}`);
}

/** A fenced block longer than any backtick run inside, so the text cannot close it. */
export function fenced(text: string, info = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
}

const num = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(3);

function turnHeading(turn: Turn, i: number): string {
  const parts = [`Turn ${i}`, turn.role];
  if (turn.toolName) parts.push(escapeMarkdown(turn.toolName));
  const diagnostics = turn.analysis?.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (turn.isError) parts.push('tool error');
  return `### ${parts.join(' · ')}`;
}

function turnMarkdown(turn: Turn, i: number): string[] {
  const out = [turnHeading(turn, i), '', fenced(turn.text)];
  const analysis = turn.analysis;
  if (!analysis) return out;
  const v = analysis.verdict;
  out.push(
    '',
    `SGLang (${escapeMarkdown(v.parser)}, reasoning ${escapeMarkdown(v.reasoningParser)}) would return finish\\_reason ${escapeMarkdown(v.finishReason)} with ${v.calls.length} tool call${v.calls.length === 1 ? '' : 's'}${v.calls.length ? ':' : '.'}`,
  );
  if (v.calls.length)
    out.push(
      '',
      fenced(
        v.calls.map((c) => `${c.name}(${c.argumentsJson ?? JSON.stringify(c.arguments)})`).join('\n'),
        'json',
      ),
    );
  if (analysis.diagnostics.length) {
    out.push('', 'Diagnostics:', '');
    for (const d of analysis.diagnostics)
      out.push(
        `- ${escapeMarkdown(d.code)} ${d.severity} at characters ${d.start}–${d.end}: ${escapeMarkdown(d.message)}`,
      );
  }
  return out;
}

/**
 * A trajectory as Markdown for a bug report: what it is and where it came from, the reward, then every
 * turn verbatim in a fenced block with, for assistant turns, what SGLang's parsers make of it.
 */
export function trajectoryMarkdown(sample: TrajectorySample, ctx: MarkdownContext): string {
  const r = sample.reward;
  const p = ctx.profile;
  const rows: [string, string][] = [
    ['Run', escapeMarkdown(ctx.run)],
    ['Sample', escapeMarkdown(ctx.sampleId)],
    ['Task', escapeMarkdown([sample.domain, sample.taskId].filter(Boolean).join(' · ') || '—')],
    ['Status', escapeMarkdown(sample.status ?? 'unknown')],
    ['Reward', `${num(r.value)} (raw ${num(r.raw)}, shaped ${num(r.shaped)})`],
    ['Turns', String(sample.turns.length)],
    [
      'Read as',
      escapeMarkdown(
        `SGLang ${p.sglang ?? 'newest known'}, --tool-call-parser ${p.parser}, --reasoning-parser ${p.reasoningParser}, ${p.policy} policy`,
      ),
    ],
  ];
  if (ctx.link) rows.push(['Open in Rollout Studio', `<${ctx.link.replace(/[<>\s]/g, encodeURIComponent)}>`]);
  const lines = [
    `## ${escapeMarkdown(ctx.run)} · ${escapeMarkdown(ctx.sampleId)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ];
  sample.turns.forEach((turn, i) => lines.push('', ...turnMarkdown(turn, i)));
  return `${lines.join('\n')}\n`;
}
