import { resolveTargetPath, type Target } from './target';
import type { WorkControl } from '../core/work/slicedWork';

// What a box has for this product, as the doctor and the Boxes view report it. Every probe is
// best-effort: a missing tool is a finding, not a failure.

export const RUNS_DIR = '~/.rollout-studio/runs';
const PACKAGES = ['torch', 'slime', 'sglang', 'ray'] as const;
export type ProbedPackage = (typeof PACKAGES)[number];
// nvidia-smi can hang on a wedged driver; the doctor must still answer.
const PROBE_TIMEOUT_MS = 20_000;

export interface GpuInfo {
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  utilizationPercent: number;
}

export interface BoxFindings {
  /** The python3 first on PATH, which is what launched runs use; undefined when there is none. */
  python: { version: string; executable: string } | undefined;
  /** Installed version of each package importable by that python3; null when it is not importable. */
  packages: Record<ProbedPackage, string | null>;
  gpus: GpuInfo[];
  /** Why no GPUs are listed, when nvidia-smi could not tell. */
  gpuProblem: string | undefined;
  /** The runs directory (or, before the first run, its nearest existing parent) and its free space. */
  runsDir: { path: string; freeBytes: number } | undefined;
  /** TCP ports something listens on (IPv4 and IPv6), for spotting port clashes before a launch. */
  listeningPorts: number[];
}

// find_spec answers "importable?" without importing (torch takes seconds to import); the version
// comes from the installed distribution's metadata.
const PYTHON_PROBE = `
import importlib.util, importlib.metadata, json, sys
def version(name):
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except Exception:
        return None
    try:
        return importlib.metadata.version(name)
    except Exception:
        return "unknown"
print(json.dumps({"version": sys.version.split()[0], "executable": sys.executable,
                  "packages": {n: version(n) for n in sys.argv[1:]}}))
`;

/**
 * runsRoot: where this box's runs go (the rolloutStudio.runsRoot setting), whose disk is reported.
 * Progress counts the checks done of four; an abort ends every command still running on the box and
 * rejects with the signal's reason, with no findings.
 */
export async function probeBox(
  target: Target,
  runsRoot: string = RUNS_DIR,
  control: WorkControl = {},
): Promise<BoxFindings> {
  const { signal, onProgress } = control;
  signal?.throwIfAborted();
  let done = 0;
  const counted = <T>(check: Promise<T>): Promise<T> =>
    check.finally(() => {
      if (!signal?.aborted) onProgress?.(++done, 4);
    });
  const [python, gpus, runsDir, listeningPorts] = await Promise.all([
    counted(probePython(target, 'python3', undefined, signal)),
    counted(probeGpus(target, signal)),
    counted(probeRunsDir(target, runsRoot, signal)),
    counted(probePorts(target, signal)),
  ]);
  // A command cut short by the abort ends like a failed one: what it found is not findings.
  signal?.throwIfAborted();
  return {
    python: python?.python,
    packages: python?.packages ?? { torch: null, slime: null, sglang: null, ray: null },
    ...gpus,
    runsDir,
    listeningPorts,
  };
}

async function run(
  target: Target,
  argv: string[],
  signal?: AbortSignal,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const r = await target.exec(argv, { timeoutMs: PROBE_TIMEOUT_MS, ...(signal ? { signal } : {}) });
    return { code: r.code, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  } catch (e) {
    // LocalTarget runs programs without a shell, so a missing one is ENOENT where a shell says 127.
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { code: missing ? 127 : null, stdout: '', stderr: (e as Error).message };
  }
}

/**
 * The interpreter's version and packages. With a workdir the probe runs there, as launch.sh runs the
 * entry: a slime checkout's own `slime/` package is then importable without being installed.
 */
export async function probePython(
  target: Target,
  python = 'python3',
  workdir?: string,
  signal?: AbortSignal,
): Promise<{ python: NonNullable<BoxFindings['python']>; packages: BoxFindings['packages'] } | undefined> {
  const argv = [python, '-c', PYTHON_PROBE, ...PACKAGES];
  const r = await run(
    target,
    workdir === undefined
      ? argv
      : ['sh', '-c', 'cd -- "$1" 2>/dev/null; shift; exec "$@"', 'sh', workdir, ...argv],
    signal,
  );
  if (r.code !== 0) return undefined;
  try {
    const parsed = JSON.parse(r.stdout) as {
      version: string;
      executable: string;
      packages: BoxFindings['packages'];
    };
    return { python: { version: parsed.version, executable: parsed.executable }, packages: parsed.packages };
  } catch {
    return undefined;
  }
}

export async function probeGpus(
  target: Target,
  signal?: AbortSignal,
): Promise<Pick<BoxFindings, 'gpus' | 'gpuProblem'>> {
  const r = await run(
    target,
    [
      'nvidia-smi',
      '--query-gpu=name,memory.total,memory.used,utilization.gpu',
      '--format=csv,noheader,nounits',
    ],
    signal,
  );
  if (r.code === 127) return { gpus: [], gpuProblem: 'nvidia-smi is not on PATH' };
  if (r.code !== 0) return { gpus: [], gpuProblem: `nvidia-smi failed: ${(r.stderr || r.stdout).trim()}` };
  const gpus = r.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name = '', total, used, util] = line.split(',').map((f) => f.trim());
      return {
        name,
        memoryTotalMiB: Number(total),
        memoryUsedMiB: Number(used),
        utilizationPercent: Number(util),
      };
    });
  return { gpus, gpuProblem: gpus.length ? undefined : 'nvidia-smi lists no GPUs' };
}

async function probeRunsDir(
  target: Target,
  runsRoot: string,
  signal?: AbortSignal,
): Promise<BoxFindings['runsDir']> {
  const path = await resolveTargetPath(target, runsRoot).catch(() => undefined);
  if (path === undefined) return undefined;
  // df needs an existing path; before the first run the directory may not be there yet.
  const script = 'p=$1; while [ ! -e "$p" ]; do p=$(dirname "$p"); done; echo "$p"; df -Pk "$p"';
  const r = await run(target, ['sh', '-c', script, 'sh', path], signal);
  if (r.code !== 0) return undefined;
  const [existing, , data] = r.stdout.trim().split('\n');
  // POSIX df -P: Filesystem 1024-blocks Used Available Capacity Mounted-on.
  const available = Number(data?.trim().split(/\s+/)[3]);
  if (existing === undefined || !Number.isFinite(available)) return undefined;
  return { path: existing, freeBytes: available * 1024 };
}

async function probePorts(target: Target, signal?: AbortSignal): Promise<number[]> {
  // /proc/net/tcp needs no tools (ss and netstat are not always installed); state 0A is LISTEN.
  const r = await run(target, ['sh', '-c', 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null'], signal);
  const ports = new Set<number>();
  for (const line of r.stdout.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[3] !== '0A') continue;
    const port = parseInt(fields[1]?.split(':')[1] ?? '', 16);
    if (Number.isInteger(port)) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}
