import { Tau2CommitSchema } from '../../core/eval/evalProvenance';
import type { Tau2Commit } from '../../core/eval/evalProvenance';
import type { Target } from '../target';

// Which tau2-bench the eval runs against: the cookbook pins commit 337326e, and results from another
// commit (other tasks, other checks) are not comparable. Asked of the Python that runs the eval, from the
// slime checkout the eval starts in: a source checkout (editable install, the cookbook's way) answers
// with git; a `pip install git+…` install keeps the commit in pip's direct_url.json. eval.py runs as a
// script, whose sys.path starts at its own folder, not the working directory: the probe drops the
// working directory `-c` puts first, so it finds the tau2 the eval will import.
const PROBE = String.raw`
import sys
sys.path = [p for p in sys.path if p != ""]
import importlib.util, json, os, subprocess
def say(commit, source):
    print(json.dumps({"commit": commit, "source": source}))
spec = importlib.util.find_spec("tau2")
if spec is None or spec.origin is None:
    say(None, "tau2 is not importable by this Python")
    raise SystemExit
folder = os.path.dirname(os.path.realpath(spec.origin))
try:
    out = subprocess.run(["git", "-C", folder, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=20)
    if out.returncode == 0 and out.stdout.strip():
        say(out.stdout.strip(), "git checkout at " + folder)
        raise SystemExit
except (OSError, subprocess.SubprocessError):
    pass
from importlib import metadata
for name in ("tau2", "tau2-bench"):
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        continue
    info = json.loads(dist.read_text("direct_url.json") or "{}")
    commit = (info.get("vcs_info") or {}).get("commit_id")
    if commit:
        say(commit, "pip direct_url.json of " + name + " " + dist.version)
    else:
        say(None, name + " " + dist.version + " installed without a commit")
    raise SystemExit
say(None, "tau2 at " + folder + " is neither a git checkout nor a pip install")
`;

export async function probeTau2Commit(target: Target, workdir: string, python: string): Promise<Tau2Commit> {
  const result = await target.exec(
    ['sh', '-c', 'cd -- "$1" && exec "$2" -c "$3"', 'sh', workdir, python, PROBE],
    {
      timeoutMs: 60_000,
    },
  );
  const last = result.stdout.toString().trim().split('\n').at(-1) ?? '';
  const parsed = Tau2CommitSchema.safeParse(safeJson(last));
  if (result.code === 0 && parsed.success) return parsed.data;
  const why = result.stderr.toString().trim().split('\n').at(-1) ?? `exit code ${result.code}`;
  return { commit: null, source: `${python} could not be asked on ${target.label}: ${why}` };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
