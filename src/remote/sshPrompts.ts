// Questions the connection has to ask a person. The editor answers them with its own dialogs (and may
// remember a passphrase in SecretStorage); the doctor answers from its flags; tests answer in code.

export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  /** "SHA256:..." exactly as OpenSSH prints it, for comparing with `ssh-keygen -lf`. */
  fingerprint: string;
}

export interface PassphraseQuestion {
  keyPath: string;
  /** 1 for the first ask; higher when the previous answer did not decrypt the key. */
  attempt: number;
}

export interface SecretQuestion {
  user: string;
  host: string;
  /** What the server asks, e.g. "Password: " or a one-time-code prompt. */
  prompt: string;
  /** Whether the answer may be shown while typed. */
  echo: boolean;
  /** Server-supplied heading for keyboard-interactive rounds; empty for password. */
  instructions: string;
}

export interface SshPrompts {
  /** The host's key is not in known_hosts: true adds it and connects, false refuses. */
  confirmHostKey(question: HostKeyQuestion): Promise<boolean>;
  /** An encrypted key file needs its passphrase; undefined skips the key. */
  passphrase(question: PassphraseQuestion): Promise<string | undefined>;
  /** The passphrase decrypted the key (the editor may now offer to remember it). */
  passphraseAccepted?(keyPath: string, passphrase: string): void;
  /** Password and keyboard-interactive answers; undefined gives up on this method. */
  secret(question: SecretQuestion): Promise<string | undefined>;
}
