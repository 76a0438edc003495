import * as vscode from 'vscode';
import type { TurnAnalysis } from '../../core/toolcall/types';

const clip = (s: string, n = 400) =>
  s.length > n ? vscode.l10n.t('{0}… ({1} characters)', s.slice(0, n), s.length) : s;

/**
 * A fenced block whose fence is longer than any backtick run in the text, so model output can never
 * close the fence and turn into markdown (MarkdownString.appendCodeblock does not guard this).
 */
function codeblock(md: vscode.MarkdownString, text: string, language: string): void {
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  // Inside a fence every character is literal, so the text goes in unescaped.
  md.appendMarkdown(`\n${fence}${language}\n${text}\n${fence}\n`);
}

/**
 * The hover text for an assistant turn: what SGLang returns and what is wrong, model text as code. `readAs`
 * says which parsers and release the turn was read like, and why (runProfile's words).
 */
export function verdictMarkdown(
  analysis: TurnAnalysis,
  where: string,
  readAs?: string,
): vscode.MarkdownString {
  const { verdict, diagnostics } = analysis;
  // Model output is untrusted: it only ever appears inside code blocks, never as markdown.
  const md = new vscode.MarkdownString();
  md.appendMarkdown(
    vscode.l10n.t(
      '**SGLang verdict** · {0} · `{1}` / `{2}`',
      where,
      verdict.parser,
      verdict.reasoningParser,
    ) + '\n\n',
  );
  if (readAs !== undefined) md.appendMarkdown(vscode.l10n.t('Read as {0}.', readAs) + '\n\n');
  md.appendMarkdown(`finish_reason: \`${verdict.finishReason}\` · tool_calls: ${verdict.calls.length}\n\n`);
  if (verdict.sglangNote !== undefined)
    md.appendMarkdown(vscode.l10n.t('**Note:** {0}', verdict.sglangNote) + '\n\n');
  for (const call of verdict.calls)
    codeblock(md, `${call.name}(${call.argumentsJson ?? JSON.stringify(call.arguments, null, 2)})`, 'json');
  if (verdict.calls.length === 0 && verdict.finishReason === 'tool_calls') {
    md.appendMarkdown(
      vscode.l10n.t(
        'Every call in this turn was dropped: `tool_calls` is `[]` and the raw text stays in `content`.',
      ) + '\n\n',
    );
  }
  if (verdict.content !== null) {
    md.appendMarkdown('content:\n');
    codeblock(md, clip(verdict.content), 'text');
  }
  if (verdict.reasoning !== null) {
    md.appendMarkdown('reasoning_content:\n');
    codeblock(md, clip(verdict.reasoning, 200), 'text');
  }
  if (diagnostics.length > 0) {
    md.appendMarkdown(
      `\n${diagnostics.length === 1 ? vscode.l10n.t('1 diagnostic:') : vscode.l10n.t('{0} diagnostics:', diagnostics.length)} `,
    );
    md.appendMarkdown(diagnostics.map((d) => `\`${d.code}\` ${d.severity}`).join(', '));
  }
  return md;
}
