import type { CheckedAnswer, SglangCheckReport } from '../core/toolcall/sglangCheckReport';

/** Who answered, as the report names it: "SGLang 0.5.23 on gpu-box". */
export const sglangCheckSource = (r: SglangCheckReport) =>
  `${r.release === null ? "The box's SGLang" : `SGLang ${r.release}`} on ${r.box}`;

/** One line: whether SGLang and ours agree on the turn, and where they do not. */
export function sglangCheckSummary(r: SglangCheckReport, where: string): string {
  const fields = r.differences.map((d) => d.field).join(', ');
  return r.differences.length === 0
    ? `${sglangCheckSource(r)} agrees with ours (read like ${r.ourRelease}) on ${where}.`
    : `${sglangCheckSource(r)} differs from ours (read like ${r.ourRelease}) on ${where} in ${r.differences.length} field${r.differences.length === 1 ? '' : 's'}: ${fields}.`;
}

const indent = (text: string) =>
  text === ''
    ? '    (empty)'
    : text
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');

const calls = (c: CheckedAnswer['calls']) =>
  c === null || c.length === 0 ? 'no tool calls' : c.map((x) => `${x.name}(${x.arguments})`).join('\n');

/** One compared field: `field` is what VerdictDifference names it, `label` what a client calls it. */
export interface ComparedField {
  field: string;
  label: string;
  ours: string;
  theirs: string;
  differs: boolean;
}

/** The fields compared, in the order a client reads them; with as many calls on each side, one row per name and arguments. */
export function comparedFields(r: SglangCheckReport): ComparedField[] {
  const differing = new Set<string>(r.differences.map((d) => d.field));
  const out: Omit<ComparedField, 'differs'>[] = [
    { field: 'content', label: 'content', ours: r.ours.content, theirs: r.theirs.content },
    {
      field: 'reasoning',
      label: 'reasoning_content',
      ours: r.ours.reasoning ?? '',
      theirs: r.theirs.reasoning ?? '',
    },
  ];
  const ours = r.ours.calls ?? [];
  const theirs = r.theirs.calls ?? [];
  if (ours.length !== theirs.length || ours.length === 0) {
    out.push({
      field: 'calls',
      label: 'tool_calls',
      ours: calls(r.ours.calls),
      theirs: calls(r.theirs.calls),
    });
  } else {
    ours.forEach((c, i) => {
      out.push({
        field: `calls[${i}].name`,
        label: `call ${i + 1} name`,
        ours: c.name,
        theirs: theirs[i]!.name,
      });
      out.push({
        field: `calls[${i}].arguments`,
        label: `call ${i + 1} arguments`,
        ours: c.arguments,
        theirs: theirs[i]!.arguments,
      });
    });
  }
  return out.map((f) => ({ ...f, differs: differing.has(f.field) }));
}

/**
 * The report as plain text for a read-only editor beside the dataset: every field with ours and SGLang's
 * value, the differing ones marked. Plain text, so model output is never rendered as markup.
 */
export function sglangCheckText(r: SglangCheckReport, where: string): string {
  const lines = [
    `Check with the box's SGLang · ${where}`,
    `${sglangCheckSource(r)} · ${r.parser} / ${r.reasoningParser}${r.reasoningParser === 'none' ? '' : ` · force_reasoning ${r.forceReasoning ? 'on' : 'off'}`}`,
    '',
    sglangCheckSummary(r, where),
  ];
  if (r.shownRelease !== null)
    lines.push(
      `The squiggles read this turn like SGLang ${r.shownRelease}; here ours is read like the box's release, so both sides run the same parsers.`,
    );
  if (r.raised !== null) lines.push(`SGLang's parser raised: ${r.raised}`);
  lines.push(...r.notes);
  for (const f of comparedFields(r)) {
    lines.push(
      '',
      `${f.label} — ${f.differs ? '✗ DIFFERS' : '✓ same'}`,
      `  ours (${r.ourRelease}):`,
      indent(f.ours),
      `  ${sglangCheckSource(r)}:`,
      indent(f.theirs),
    );
  }
  return `${lines.join('\n')}\n`;
}
