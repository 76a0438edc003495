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
    const trust = vscode.l10n.t('Trust and Connect');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t("The authenticity of host '{0}' (port {1}) can't be established.", q.host, q.port),
      {
        modal: true,
        detail: vscode.l10n.t(
          "{0} key fingerprint is {1}.\n\nCompare it with the output of 'ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub' on the box. Trusting adds the key to ~/.ssh/known_hosts.",
          q.keyType,
          q.fingerprint,
        ),
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
      title: vscode.l10n.t('Passphrase for {0}', q.keyPath),
      prompt:
        q.attempt > 1
          ? vscode.l10n.t('That passphrase did not decrypt the key. Try again.')
          : vscode.l10n.t('The key is encrypted.'),
      password: true,
      ignoreFocusOut: true,
    });
  }

  passphraseAccepted(keyPath: string, passphrase: string): void {
    void (async () => {
      if ((await this.secrets.get(passphraseKey(keyPath))) === passphrase) return;
      const remember = vscode.l10n.t('Remember in Secret Storage');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Remember the passphrase of {0}?', keyPath),
        remember,
        vscode.l10n.t('Not Now'),
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
