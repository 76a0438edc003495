// Gives @vscode/l10n the host's translations before any webview module asks it for a string: main.ts
// imports this module first. Without a bundle (VS Code shows English) l10n.t returns the English message.
import * as l10n from '@vscode/l10n';
import { L10N_BUNDLE_ID } from '../src/shared/protocol';

const text = document.getElementById(L10N_BUNDLE_ID)?.textContent;
const contents = text ? (JSON.parse(text) as l10n.l10nJsonFormat | null) : null;
if (contents) l10n.config({ contents });
