import type { Target } from '../target';

// SGLang binds its HTTP port only after the weights load (reference/sglang.md 2), so a busy port
// costs minutes before it fails: check before launching. `ss -ltn` lists listeners of every user; where
// ss is missing, binding the port with python3 tells the same for the address we will use.
const CHECK = [
  'port="$1"; host="$2"; py="$3"',
  'if command -v ss >/dev/null 2>&1; then',
  '  ss -Hltn "sport = :$port" | grep -q . && echo busy || echo free',
  'else',
  '  "$py" -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], int(sys.argv[2])))" "$host" "$port" 2>/dev/null && echo free || echo busy',
  'fi',
].join('\n');

/** Whether something already listens on port on the box. */
export async function isPortInUse(
  target: Target,
  port: number,
  host: string,
  python: string,
): Promise<boolean> {
  const r = await target.exec(['sh', '-c', CHECK, 'sh', String(port), host, python], { timeoutMs: 20_000 });
  const answer = r.stdout.toString().trim();
  if (answer !== 'busy' && answer !== 'free')
    throw new Error(`Cannot check port ${port} on ${target.label}: ${r.stderr.toString().trim()}`);
  return answer === 'busy';
}
