import * as vscode from 'vscode';
import type { PortInUseError } from '../../remote/servers/launchServer';

/** A port on the box, a whole number the user types (offered: `value`); undefined when dismissed. */
export async function askPort(title: string, prompt: string, value: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: Port', title),
    prompt,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= 1 && n <= 65535
        ? undefined
        : vscode.l10n.t('A whole number from {0} to {1}', 1, 65535);
    },
  });
  return text === undefined ? undefined : Number(text);
}

/** After a busy port: another one, the next port offered, the box's answer as the prompt. */
export const askAnotherPort = (title: string) => (busy: PortInUseError) =>
  askPort(title, busy.message, busy.port + 1);
