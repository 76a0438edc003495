import { parseArgs } from 'node:util';
import { probeBox, RUNS_DIR, type BoxFindings } from '../remote/boxProbe';
import { LocalTarget } from '../remote/localTarget';
import { SshConnectionPool } from '../remote/sshConnectionPool';
import {
  AuthFailedError,
  HostKeyMismatchError,
  UnknownHostKeyError,
  UnreachableError,
} from '../remote/sshErrors';
import type { Target } from '../remote/target';

const USAGE = `Usage: rollout-studio doctor <box> [--ssh-config F] [--known-hosts F] [--accept-new-host] [--format text|json]

Connects to <box> the way the extension does (a Host from ~/.ssh/config, [user@]host[:port], or
"local" for this machine) and reports the host-key status, the credential that logged in, and what
the box has for Rollout Studio: python3 with torch, slime, sglang and ray; GPUs; free disk in
${RUNS_DIR}; TCP ports in use.

  --ssh-config F      read F instead of ~/.ssh/config and /etc/ssh/ssh_config (like ssh -F)
  --known-hosts F     check and record host keys in F instead of UserKnownHostsFile
  --accept-new-host   trust and record an unknown host key (check its fingerprint first)
  --format text|json  output format (default text)

Exit codes: 0 connected, 2 usage, 3 unknown host key (without --accept-new-host),
4 host-key mismatch, 5 authentication failed, 6 unreachable.`;

export const DOCTOR_EXIT = {
  ok: 0,
  usage: 2,
  unknownHost: 3,
  mismatch: 4,
  authFailed: 5,
  unreachable: 6,
} as const;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

interface Connection {
  /** How the host key was judged: known, new (accepted now), or local (no SSH). */
  hostKey:
    | {
        status: 'known' | 'new';
        keyType: string;
        fingerprint: string;
        file: string | undefined;
        line?: number;
      }
    | { status: 'local' };
  /** The credential that logged in; undefined for the local box. */
  auth: string | undefined;
  /** user@host:port after ssh_config, for the report. */
  address: string;
}

export async function runDoctorCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'ssh-config': { type: 'string' },
        'known-hosts': { type: 'string' },
        'accept-new-host': { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`rollout-studio doctor: ${(e as Error).message}\n\n${USAGE}\n`);
    return DOCTOR_EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return DOCTOR_EXIT.ok;
  }
  const box = positionals[0];
  if (box === undefined || positionals.length > 1 || (values.format !== 'text' && values.format !== 'json')) {
    io.stderr(`${USAGE}\n`);
    return DOCTOR_EXIT.usage;
  }
  const json = values.format === 'json';

  const pool =
    box === 'local'
      ? undefined
      : new SshConnectionPool({
          prompts: {
            // The doctor never waits for a person: its flags are the answers.
            confirmHostKey: async () => values['accept-new-host'],
            passphrase: async () => undefined,
            secret: async () => undefined,
          },
          configFile: () => values['ssh-config'],
          ...(values['known-hosts'] ? { knownHostsFiles: [values['known-hosts']] } : {}),
        });
  let target: Target | undefined;
  try {
    let connection: Connection;
    if (pool) {
      const ssh = await pool.target(box);
      target = ssh;
      const { host, hostKey, authMethod } = await ssh.details();
      connection = {
        hostKey:
          hostKey.status === 'known'
            ? { ...hostKey, status: 'known' }
            : {
                status: 'new',
                keyType: hostKey.keyType,
                fingerprint: hostKey.fingerprint,
                file: hostKey.file,
              },
        auth: authMethod,
        address: `${host.user}@${host.hostName}:${host.port}`,
      };
    } else {
      target = new LocalTarget();
      connection = { hostKey: { status: 'local' }, auth: undefined, address: 'this machine' };
    }
    const findings = await probeBox(target);
    io.stdout(
      json
        ? `${JSON.stringify({ box, connected: true, ...connection, ...findings }, null, 2)}\n`
        : report(box, connection, findings),
    );
    return DOCTOR_EXIT.ok;
  } catch (e) {
    const code = exitCodeFor(e);
    if (json) io.stdout(`${JSON.stringify({ box, connected: false, error: errorJson(e) }, null, 2)}\n`);
    else io.stderr(`${box}: ${(e as Error).message}\n`);
    return code;
  } finally {
    await target?.close();
    pool?.closeAll();
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof UnknownHostKeyError) return DOCTOR_EXIT.unknownHost;
  if (e instanceof HostKeyMismatchError) return DOCTOR_EXIT.mismatch;
  if (e instanceof AuthFailedError) return DOCTOR_EXIT.authFailed;
  // Anything else that kept us from a session (config errors included) leaves the box unreachable.
  return DOCTOR_EXIT.unreachable;
}

function errorJson(e: unknown): Record<string, unknown> {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof UnknownHostKeyError) {
    const { host, port, keyType, fingerprint } = e;
    return { kind: 'unknown-host-key', message, host, port, keyType, fingerprint };
  }
  if (e instanceof HostKeyMismatchError) {
    const { host, port, keyType, fingerprint, file, line, revoked } = e;
    return {
      kind: revoked ? 'revoked-host-key' : 'host-key-mismatch',
      message,
      host,
      port,
      keyType,
      fingerprint,
      file,
      line,
    };
  }
  if (e instanceof AuthFailedError) return { kind: 'auth-failed', message, user: e.user, tried: e.tried };
  if (e instanceof UnreachableError)
    return { kind: 'unreachable', message, host: e.host, port: e.port, reason: e.reason };
  return { kind: 'unreachable', message };
}

function report(box: string, c: Connection, f: BoxFindings): string {
  const lines = [`Box: ${box} (${c.address})`];
  if (c.hostKey.status === 'local') {
    lines.push('Host key: not used (local box)', 'Authentication: not used (local box)');
  } else {
    const where = c.hostKey.file ? `, ${c.hostKey.file}${c.hostKey.line ? `:${c.hostKey.line}` : ''}` : '';
    const how = c.hostKey.status === 'known' ? 'known' : 'new, accepted and recorded';
    lines.push(`Host key: ${how} (${c.hostKey.keyType} ${c.hostKey.fingerprint}${where})`);
    lines.push(`Authentication: ${c.auth}`);
  }
  lines.push(
    f.python ? `python3: ${f.python.version} (${f.python.executable})` : 'python3: not found on PATH',
  );
  lines.push(
    `Packages: ${Object.entries(f.packages)
      .map(([name, version]) => `${name} ${version ?? 'not importable'}`)
      .join(', ')}`,
  );
  lines.push(
    f.gpus.length
      ? `GPUs: ${f.gpus.length}\n${f.gpus
          .map(
            (g, i) =>
              `  ${i}: ${g.name}, ${g.memoryUsedMiB}/${g.memoryTotalMiB} MiB used, ${g.utilizationPercent}% busy`,
          )
          .join('\n')}`
      : `GPUs: none (${f.gpuProblem ?? 'unknown'})`,
  );
  lines.push(
    f.runsDir
      ? `Runs directory: ${formatBytes(f.runsDir.freeBytes)} free at ${f.runsDir.path}`
      : 'Runs directory: unknown',
  );
  lines.push(`Listening TCP ports: ${f.listeningPorts.length ? f.listeningPorts.join(', ') : 'none'}`);
  return `${lines.join('\n')}\n`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
