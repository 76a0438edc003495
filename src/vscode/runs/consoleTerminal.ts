import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { ConsoleEscapeFilter } from '../../core/run/consoleEscapes';
import { ConsoleFollower } from '../../remote/launch/consoleFollower';
import type { Target } from '../../remote/target';
import { Disposable } from '../disposable';

/**
 * A run's console.log in a terminal: the whole log, then live, resumed by offset when the box
 * reconnects. Closing the terminal only stops following; the run goes on.
 */
export class ConsoleTerminals extends Disposable {
  private readonly open = new Map<string, vscode.Terminal>();

  constructor() {
    super();
    this.register(
      vscode.window.onDidCloseTerminal((t) => {
        for (const [k, v] of this.open) if (v === t) this.open.delete(k);
      }),
    );
    this.onDispose(() => this.open.forEach((t) => t.dispose()));
  }

  show(key: string, title: string, target: Target, consolePath: string): void {
    const existing = this.open.get(key);
    if (existing) return existing.show();
    const write = new vscode.EventEmitter<string>();
    const decoder = new StringDecoder('utf8');
    // The job's output is the box's text: no clipboard writes, retitling or non-web links from it.
    const escapes = new ConsoleEscapeFilter();
    const follower = new ConsoleFollower(target, consolePath, {
      // A terminal needs \r\n; tqdm's bare \r redraws are kept as they are.
      onData: (chunk) => write.fire(escapes.write(decoder.write(chunk)).replace(/\r?\n/g, '\r\n')),
    });
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      open: () => {
        write.fire(`\x1b[2m${vscode.l10n.t('Following {0} on {1}', consolePath, target.label)}\x1b[0m\r\n`);
        follower.start();
      },
      close: () => {
        void follower.stop();
        write.dispose();
      },
    };
    const terminal = vscode.window.createTerminal({
      name: title,
      pty,
      iconPath: new vscode.ThemeIcon('output'),
    });
    this.open.set(key, terminal);
    terminal.show(true);
  }
}
