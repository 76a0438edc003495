import * as vscode from 'vscode';
import { findingLine } from '../../core/runspec/findingLine';
import type { RunSpec } from '../../core/runspec/runSpec';
import { hasBlocking } from '../../core/runspec/specFinding';
import type { SpecFinding } from '../../core/runspec/specFinding';

export type ReviewDecision = 'launch' | 'edit' | 'save' | undefined;

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;
const ICON = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;

let diagnostics: vscode.DiagnosticCollection | undefined;

/**
 * The review beside the exact launch.sh, not over it: a picker at the top of the window lists the
 * findings and what can be done, and each finding is also a diagnostic on its line of the script, in
 * full in the Problems view. Launch is offered, and first, only when there is no error.
 */
export async function reviewLaunch(
  spec: RunSpec,
  script: { uri: vscode.Uri; text: string },
  findings: readonly SpecFinding[],
  flagSource: string,
  boxLabel: string,
): Promise<ReviewDecision> {
  diagnostics ??= vscode.languages.createDiagnosticCollection('rolloutStudio.review');
  diagnostics.clear();
  diagnostics.set(
    script.uri,
    findings.map((f) => {
      const line = findingLine(script.text, f);
      const d = new vscode.Diagnostic(
        new vscode.Range(line, 0, line, script.text.split('\n')[line]?.length ?? 0),
        f.message,
        SEVERITY[f.severity],
      );
      d.source = 'Rollout Studio';
      d.code = f.code;
      return d;
    }),
  );
  // The first error's line in view, so its mark is seen beside the picker.
  const first = findings.find((f) => f.severity === 'error');
  const editor = vscode.window.visibleTextEditors.find(
    (e) => e.document.uri.toString() === script.uri.toString(),
  );
  if (first && editor) {
    const line = findingLine(script.text, first);
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  type Item = vscode.QuickPickItem & { decision?: ReviewDecision };
  const actions: Item[] = hasBlocking(findings)
    ? [
        {
          label: vscode.l10n.t('$(edit) Edit Values'),
          description: vscode.l10n.t('the rows with errors are marked'),
          decision: 'edit',
        },
        { label: vscode.l10n.t('$(save) Save as Run Spec…'), decision: 'save' },
      ]
    : [
        {
          label: vscode.l10n.t('$(rocket) Launch on {0}', boxLabel),
          description: vscode.l10n.t('the launch.sh in the editor is exactly what runs'),
          decision: 'launch',
        },
        { label: vscode.l10n.t('$(edit) Edit Values'), decision: 'edit' },
        { label: vscode.l10n.t('$(save) Save as Run Spec…'), decision: 'save' },
      ];
  const items: Item[] = [
    ...actions,
    {
      label:
        findings.length > 0
          ? vscode.l10n.t('Findings (also in the Problems view)')
          : vscode.l10n.t('No findings'),
      kind: vscode.QuickPickItemKind.Separator,
    },
    ...findings.map((f): Item => ({
      label: `${ICON[f.severity]} ${f.code}${f.flag ? ` ${f.flag}` : f.path ? ` ${f.path.join('.')}` : ''}`,
      detail: f.message,
      decision: 'edit',
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: errors
      ? vscode.l10n.t('{0}: fix {1} error(s) before launching', spec.name, errors)
      : vscode.l10n.t('Launch {0} on {1}?', spec.name, boxLabel),
    placeHolder: vscode.l10n.t('Flags linted against {0}', flagSource),
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
  // Back to the values, the marks stay on the script until the next review replaces them.
  if (picked?.decision !== 'edit') clearReview();
  return picked?.decision;
}

/** Once the run is launched or the wizard is left, the reviewed script's marks go. */
export function clearReview(): void {
  diagnostics?.clear();
}
