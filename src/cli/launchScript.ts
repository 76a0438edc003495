import { posix } from 'node:path';
import { describeIssues } from '../core/run/runFiles';
import { importLaunchScript } from '../core/runspec/importScript';
import { RunSpecSchema } from '../core/runspec/runSpec';
import { prepareLaunch } from '../remote/launch/launchRun';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (p: string) => Promise<string>;
}

const LAUNCH_HELP = `Usage: rollout-studio launch-script <spec.json>

Prints the exact launch.sh a Rollout Studio launch of this run spec would run: the same code the
extension uses. Run it with bash on a box where the spec's paths exist; it creates its run directory
and starts the run (with "tap": true it also needs rollout_studio_tap.py in that directory).`;

/** `rollout-studio launch-script <spec.json>`: the launch.sh of a spec, for review or a manual run. */
export async function runLaunchScriptCommand(argv: string[], io: Io): Promise<number> {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    io.stdout(`${LAUNCH_HELP}\n`);
    return argv.length === 1 ? 0 : 2;
  }
  const path = argv[0] as string;
  let raw: unknown;
  try {
    raw = JSON.parse(await io.readFile(path));
  } catch (e) {
    io.stderr(`launch-script: cannot read ${path}: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = RunSpecSchema.safeParse(raw);
  if (!parsed.success) {
    io.stderr(`launch-script: ${path} is not a run spec: ${describeIssues(parsed.error)}\n`);
    return 2;
  }
  io.stdout(prepareLaunch(parsed.data, __ROLLOUT_STUDIO_VERSION__).script);
  return 0;
}

const IMPORT_HELP = `Usage: rollout-studio import-script <launch.sh>

Reads a slime bash launch script (flag arrays, sourced model files, ray start / ray job submit) into a
run spec and prints it as JSON; what could not be read goes to stderr with its line number.`;

/** `rollout-studio import-script <launch.sh>`: a slime launch script as a run spec. */
export async function runImportScriptCommand(argv: string[], io: Io): Promise<number> {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    io.stdout(`${IMPORT_HELP}\n`);
    return argv.length === 1 ? 0 : 2;
  }
  const path = posix.resolve(argv[0] as string);
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    io.stderr(`import-script: cannot read ${path}: ${(e as Error).message}\n`);
    return 2;
  }
  // The importer is synchronous and reads only what it is given: import, read the files it asked
  // for, and import again until nothing new is asked (a model file may source another).
  const sourced = new Map<string, string | undefined>();
  let result = importLaunchScript(text, path);
  for (let round = 0; round < 8; round++) {
    const asked: string[] = [];
    result = importLaunchScript(text, path, {
      readSourced: (p) => {
        if (!sourced.has(p)) asked.push(p);
        return sourced.get(p);
      },
    });
    if (asked.length === 0) break;
    for (const p of asked) sourced.set(p, await io.readFile(p).catch(() => undefined));
  }
  const { spec, problems } = result;
  for (const p of problems) io.stderr(`${p.file ?? path}:${p.line}: ${p.message}\n`);
  io.stdout(`${JSON.stringify(spec, null, 2)}\n`);
  return 0;
}
