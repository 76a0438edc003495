import * as vscode from 'vscode';
import { MAX_NOTE_CHARS, MAX_VIEW_NAME_CHARS } from '../../core/store/savedViews';
import type { Pin, SavedView } from '../../core/store/savedViews';
import { sameSample, sampleKeyString } from '../../shared/protocol';
import type { SampleKey, ViewerQuery } from '../../shared/protocol';

/** Asks a name for the query as a saved view; undefined when cancelled. */
export async function askViewName(
  query: ViewerQuery,
  views: readonly SavedView[],
): Promise<string | undefined> {
  const what = [
    query.filter && vscode.l10n.t('filter {0}', query.filter),
    query.search && vscode.l10n.t('search "{0}"', query.search),
  ]
    .filter(Boolean)
    .join(', ');
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Save View'),
    prompt: vscode.l10n.t(
      'A name for this view of the run ({0}, sorted by {1})',
      what || vscode.l10n.t('no filter'),
      query.sort.column,
    ),
    placeHolder: vscode.l10n.t('e.g. low reward with tool-call errors'),
    validateInput: (text) => {
      const t = text.trim();
      if (t === '') return vscode.l10n.t('Give the view a name.');
      if (t.length > MAX_VIEW_NAME_CHARS)
        return vscode.l10n.t('At most {0} characters.', MAX_VIEW_NAME_CHARS);
      if (views.some((v) => v.name === t))
        return {
          message: vscode.l10n.t(
            'Replaces the saved view "{0}" ({1}).',
            t,
            views.find((v) => v.name === t)!.filter || vscode.l10n.t('no filter'),
          ),
          severity: vscode.InputBoxValidationSeverity.Warning,
        };
      return undefined;
    },
  });
  return name?.trim();
}

/** Asks the note of a pin (the current one to edit when the sample is pinned); undefined when cancelled. */
export async function askPinNote(key: SampleKey, pins: readonly Pin[]): Promise<string | undefined> {
  const old = pins.find((p) => sameSample(p.key, key));
  return vscode.window.showInputBox({
    title: old
      ? vscode.l10n.t('Edit the note of {0}', sampleKeyString(key))
      : vscode.l10n.t('Pin {0}', sampleKeyString(key)),
    prompt: vscode.l10n.t('A note saying why this sample matters (optional)'),
    placeHolder: vscode.l10n.t('e.g. drops the second tool call after </think>'),
    value: old?.note ?? '',
    validateInput: (text) =>
      text.length > MAX_NOTE_CHARS
        ? vscode.l10n.t('At most {0} characters.', MAX_NOTE_CHARS.toLocaleString('en-US'))
        : undefined,
  });
}
