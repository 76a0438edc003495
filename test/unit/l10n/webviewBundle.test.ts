import * as l10n from '@vscode/l10n';
import type { TemplateResult } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { L10N_BUNDLE_ID, embedState } from '../../../src/shared/protocol';
import { flagInfo } from '../../../webview/viewer/behaviourFlags';
import { chartTable } from '../../../webview/viewer/chartTable';
import { checkLabel } from '../../../webview/viewer/checkWording';

// The webview's side of the l10n bundle: webview/l10nBundle.ts reads the JSON the host embeds (as
// webviewHtml does, from vscode.l10n.bundle) and every string the modules render goes through it.

/**
 * Loads webview/l10nBundle.ts in a page holding the bundle element as webviewHtml writes it (its text is
 * the embedded JSON), afresh each time. The page is only there while the module reads it: lit takes a
 * real document if it finds one.
 */
async function loadPageWith(bundle: Record<string, string> | null): Promise<void> {
  const text = embedState(bundle);
  vi.stubGlobal('document', {
    getElementById: (id: string) => (id === L10N_BUNDLE_ID ? { textContent: text } : null),
  });
  vi.resetModules();
  await import('../../../webview/l10nBundle');
  vi.unstubAllGlobals();
}

/** The text a template shows: its literal parts and bound values, tags removed. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(shown).join('');
  const t = value as TemplateResult;
  if (t && Array.isArray(t.strings) && Array.isArray(t.values))
    return t.strings
      .reduce((out, s, i) => out + s + (i < t.values.length ? shown(t.values[i]) : ''), '')
      .replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

describe('the webviews read the host’s l10n bundle', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('a translated message is shown translated, with its arguments in place', async () => {
    await loadPageWith({
      Table: 'Tabelle',
      '{0} rows': '{0} Zeilen',
      'tell the user “{0}”': 'dem Nutzer „{0}“ sagen',
      'Repeated identical tool calls': 'Wiederholte identische Tool-Aufrufe',
    });
    expect(
      shown(
        chartTable(
          'Reward per step',
          ['step', 'mean'],
          [
            [1, 0.5],
            [2, 0.75],
          ],
        ),
      ),
    ).toMatch(/^Tabelle \(2 Zeilen\)/);
    expect(checkLabel({ kind: 'communicate', label: '272.33' })).toBe('dem Nutzer „272.33“ sagen');
    expect(flagInfo('loop').label).toBe('Wiederholte identische Tool-Aufrufe');
    // A message the bundle does not translate stays English.
    expect(flagInfo('loop').title).toBe(
      'The same tool called 3 or more times in a row with the same arguments',
    );
  });

  it('without a bundle (VS Code shows English) every string is the English message', async () => {
    await loadPageWith(null);
    expect(shown(chartTable('Reward per step', ['step'], [[1]]))).toMatch(/^Table \(1 row\)/);
    expect(checkLabel({ kind: 'communicate', label: '272.33' })).toBe('tell the user “272.33”');
  });
});
