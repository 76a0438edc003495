import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { INITIAL_STATE_ID, L10N_BUNDLE_ID, embedState } from '../shared/protocol';

/**
 * The HTML shell of every webview: the bundle, its stylesheet, the initial state and the l10n bundle as
 * JSON, and a strict CSP with a fresh nonce. No inline script runs except ours; model text never becomes markup.
 */
export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  root: string,
  title: string,
  state: unknown,
): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<link rel="stylesheet" href="${asset('webview.css')}" nonce="${nonce}" id="vscode-codicon-stylesheet">
</head>
<body>
<script type="application/json" id="${INITIAL_STATE_ID}" nonce="${nonce}">${embedState(state)}</script>
<script type="application/json" id="${L10N_BUNDLE_ID}" nonce="${nonce}">${embedState(vscode.l10n.bundle ?? null)}</script>
<${root}></${root}>
<script src="${asset('webview.js')}" nonce="${nonce}"></script>
</body>
</html>`;
}
