// How VS Code's Remote-SSH extension names a host in a window's URI (`vscode-remote://<authority>/path`):
// a plain Host alias as is, anything else (user@host, host:port) as hex-encoded JSON, which Remote-SSH
// decodes into the host it connects to.

export function remoteSshAuthority(host: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(host)) return `ssh-remote+${host}`;
  return `ssh-remote+${Buffer.from(JSON.stringify({ hostName: host }), 'utf8').toString('hex')}`;
}
