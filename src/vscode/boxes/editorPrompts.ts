import * as vscode from 'vscode';
import type {
  HostKeyQuestion,
  PassphraseQuestion,
  SecretQuestion,
  SshPrompts,
} from '../../remote/sshPrompts';

const passphraseKey = (keyPath: string) => `rolloutStudio.passphrase:${keyPath}`;

/**
 * The connection's questions, asked with the editor's own dialogs. A passphrase may be remembered in
 * SecretStorage when the user says so; passwords and one-time codes never are.
 */
export class EditorPrompts implements SshPrompts {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async confirmHostKey(q: HostKeyQuestion): Promise<boolean> {
    const trust = 'Trust and Connect';
    const choice = await vscode.window.showWarningMessage(
      `The authenticity of host '${q.host}' (port ${q.port}) can't be established.`,
      {
        modal: true,
        detail: `${q.keyType} key fingerprint is ${q.fingerprint}.\n\nCompare it with the output of 'ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub' on the box. Trusting adds the key to ~/.ssh/known_hosts.`,
      },
      trust,
    );
    return choice === trust;
  }

  async passphrase(q: PassphraseQuestion): Promise<string | undefined> {
    if (q.attempt === 1) {
      const saved = await this.secrets.get(passphraseKey(q.keyPath));
      if (saved !== undefined) return saved;
    } else {
      // A remembered passphrase that no longer decrypts the key is forgotten.
      await this.secrets.delete(passphraseKey(q.keyPath));
    }
    return vscode.window.showInputBox({
      title: `Passphrase for ${q.keyPath}`,
      prompt: q.attempt > 1 ? 'That passphrase did not decrypt the key. Try again.' : 'The key is encrypted.',
      password: true,
      ignoreFocusOut: true,
    });
  }

  passphraseAccepted(keyPath: string, passphrase: string): void {
    void (async () => {
      if ((await this.secrets.get(passphraseKey(keyPath))) === passphrase) return;
      const remember = 'Remember in Secret Storage';
      const choice = await vscode.window.showInformationMessage(
        `Remember the passphrase of ${keyPath}?`,
        remember,
        'Not Now',
      );
      if (choice === remember) await this.secrets.store(passphraseKey(keyPath), passphrase);
    })();
  }

  async secret(q: SecretQuestion): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: `${q.user}@${q.host}`,
      prompt: [q.instructions, q.prompt].filter(Boolean).join(' — '),
      password: !q.echo,
      ignoreFocusOut: true,
    });
  }
}
