// Measures `import-script` against bash itself on a slime checkout's launch scripts.
//
//   node scripts/compare-import-scripts.mjs <slime checkout> [script ...] [--verbose]
//
// Each script (default: every *.sh under scripts/ and examples/ except the sourced scripts/models/,
// plus examples/tau-bench/tau2/run_{sft,grpo}.sh where present) runs under bash with recording
// stand-ins first on PATH for python3, ray, nvidia-smi, pkill and the other commands a launch script
// may run that must not run here (downloads, installs, rm). The stand-ins write their argv, so bash
// tells the true entry command: `python3 train.py …` run directly or after `ray job submit … --`.
// `source /root/slime/…` is read from the checkout (a BASH_ENV prelude maps the path), as the
// importer resolves it against the workdir. Secret-looking variables are set in the environment, as on
// a box with W&B configured.
//
// The importer then reads the same script. A script imports exactly when the entry (train.py or
// train_async.py) and its flags equal bash's as argparse reads them (a flag given twice counts once,
// with its last value: a spec holds each flag once); otherwise it should name at least one line it
// could not read. Prints one line per script and the counts. Nothing of the checkout is copied anywhere.
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const [checkoutArg, ...only] = argv.filter((a) => a !== '--verbose');
if (!checkoutArg || !existsSync(join(checkoutArg, 'train.py'))) {
  console.error('Usage: node scripts/compare-import-scripts.mjs <slime checkout> [script ...] [--verbose]');
  process.exit(2);
}
const checkout = resolve(checkoutArg);
const BOX_ROOT = '/root/slime';

const work = mkdtempSync(join(tmpdir(), 'rs-compare-import-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// The importer and the spec-to-argv function, bundled from the project's own sources.
const bundle = join(work, 'importer.mjs');
await esbuild.build({
  stdin: {
    contents:
      "export { importLaunchScript } from './src/core/runspec/importScript';\nexport { flagArgv } from './src/core/runspec/flagArgv';\n",
    resolveDir: resolve(import.meta.dirname, '..'),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  logLevel: 'error',
});
const { importLaunchScript, flagArgv } = await import(pathToFileURL(bundle).href);

// Recording stand-ins: each appends {cmd, argv} as one JSON line to $RS_RECORD and succeeds.
const bin = join(work, 'bin');
execFileSync('mkdir', ['-p', bin]);
const recorder = `#!${process.execPath}
const fs = require('node:fs');
fs.appendFileSync(process.env.RS_RECORD, JSON.stringify({ cmd: require('node:path').basename(process.argv[1]), argv: process.argv.slice(2) }) + '\\n');
if (require('node:path').basename(process.argv[1]) === 'nvidia-smi') process.stdout.write('GPU0\\tX\\tNV18\\n');
`;
const STANDINS = [
  'python',
  'python3',
  'ray',
  'nvidia-smi',
  'pkill',
  'killall',
  'pip',
  'pip3',
  'git',
  'curl',
  'wget',
  'hf',
  'huggingface-cli',
  'rm',
  'sleep',
  'sudo',
  'apt',
  'apt-get',
  'docker',
  'uv',
  'torchrun',
  'ibv_devinfo',
];
for (const name of STANDINS) {
  writeFileSync(join(bin, name), recorder);
  chmodSync(join(bin, name), 0o755);
}
// `source /root/slime/x` reads the checkout's x; everything else is bash's own.
const prelude = join(work, 'prelude.sh');
writeFileSync(
  prelude,
  `source() { local f="$1"; shift; case "$f" in ${BOX_ROOT}/*) f="${checkout}/\${f#${BOX_ROOT}/}";; esac; builtin source "$f" "$@"; }\n`,
);

function scripts() {
  if (only.length > 0) return only;
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.sh')) out.push(relative(checkout, p));
    }
  };
  for (const top of ['scripts', 'examples']) if (existsSync(join(checkout, top))) walk(join(checkout, top));
  return out.filter((p) => !p.startsWith('scripts/models/')).sort();
}

const isEntryScript = (w) => /(^|\/)train(_async)?\.py$/.test(w ?? '');

/** bash's entry command: the last python … train*.py, run directly or after `ray job submit … --`. */
function truth(script, extra = {}) {
  const record = join(work, 'record.jsonl');
  writeFileSync(record, '');
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: work,
    RS_RECORD: record,
    BASH_ENV: prelude,
    ...extra,
    WANDB_API_KEY: 'set-for-the-comparison',
    WANDB_KEY: 'set-for-the-comparison',
  };
  const run = spawnSync('bash', [join(checkout, script)], {
    cwd: checkout,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  let entry;
  for (const line of readFileSync(record, 'utf8').split('\n').filter(Boolean)) {
    const { cmd, argv: args } = JSON.parse(line);
    let words = [cmd, ...args];
    if (cmd === 'ray' && args[0] === 'job' && args[1] === 'submit')
      words = args.slice(args.indexOf('--') + 1);
    const at = words.findIndex(isEntryScript);
    if (at > 0 && /(^|\/)python[0-9.]*$/.test(words[0]))
      entry = { script: words[at], argv: words.slice(at + 1) };
  }
  return { entry, status: run.status };
}

function imported(script) {
  const path = `${BOX_ROOT}/${script}`;
  const readSourced = (p) => {
    const local = p.startsWith(`${BOX_ROOT}/`) ? join(checkout, p.slice(BOX_ROOT.length + 1)) : p;
    try {
      return readFileSync(local, 'utf8');
    } catch {
      return undefined;
    }
  };
  const { spec, problems } = importLaunchScript(readFileSync(join(checkout, script), 'utf8'), path, {
    readSourced,
  });
  return { spec, problems };
}

/**
 * What argparse makes of an argv, as flag and value words sorted by flag: a flag given twice keeps its
 * last values (a spec is a map, so the importer keeps one place per flag), a repeatable one all of them.
 */
function argparseView(words) {
  const flags = new Map();
  let current;
  for (const w of words) {
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const flag = eq > 0 ? w.slice(0, eq) : w;
      const repeat = REPEATABLE.has(flag) && flags.has(flag);
      current = repeat ? flags.get(flag) : [];
      if (!repeat) {
        flags.delete(flag);
        flags.set(flag, current);
      }
      if (eq > 0) current.push(w.slice(eq + 1));
    } else if (current) current.push(w);
    else flags.set(`(before any flag) ${w}`, []);
  }
  return [...flags.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([f, v]) => [f, ...v]);
}
const REPEATABLE = new Set(['--rollout-sample-hook-path']);

const rows = [];
for (const script of scripts()) {
  // A script that stops without them is run again with what such scripts ask for: a checkpoint folder
  // and the head's address (the importer, which cannot know them, names the lines that read them).
  let t = truth(script);
  if (!t.entry)
    t = truth(script, { BASE_FOLDER: '/root/models', BASE_DIR: '/root/shared', MASTER_ADDR: '127.0.0.1' });
  const i = imported(script);
  if (!t.entry) {
    rows.push({ script, verdict: 'no-entry', detail: `bash ran no train.py (exit ${t.status})` });
    continue;
  }
  // bash ran the script from the checkout; the importer reads it at its place on the box.
  const want = argparseView(t.entry.argv.map((w) => w.split(checkout).join(BOX_ROOT)));
  const got = argparseView(flagArgv(i.spec.args));
  const sameEntry = t.entry.script === i.spec.entry || t.entry.script.endsWith(`/${i.spec.entry}`);
  const exact = sameEntry && JSON.stringify(want) === JSON.stringify(got);
  const lines = [...new Set(i.problems.map((p) => p.line))];
  let detail = '';
  if (!exact) {
    const k = want.findIndex((w, n) => got[n] !== w);
    detail = sameEntry
      ? `first difference at word ${k}: bash ${JSON.stringify(want.slice(k, k + 3))}, import ${JSON.stringify(got.slice(k, k + 3))}`
      : `entry: bash ${t.entry.script}, import ${i.spec.entry}`;
  }
  rows.push({
    script,
    verdict: exact ? 'exact' : lines.some((l) => l > 0) ? 'named' : 'silent',
    detail,
    problems: i.problems,
  });
}

for (const r of rows) {
  console.log(`${r.verdict.padEnd(8)} ${r.script}${r.detail ? `  ${r.detail}` : ''}`);
  if (verbose) for (const p of r.problems ?? []) console.log(`           ${p.line}: ${p.message}`);
}
const count = (v) => rows.filter((r) => r.verdict === v).length;
console.log(
  `\n${rows.length} scripts: ${count('exact')} import exactly, ${count('named')} differ with lines named, ` +
    `${count('silent')} differ silently, ${count('no-entry')} run no train.py under bash`,
);
