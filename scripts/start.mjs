// `npm start`: build and package the extension, make sure code-server is there, replay the demo run
// on this machine, and serve a real VS Code with the extension installed on 127.0.0.1.
// `npm start -- --smoke` does the same, then checks in Chromium that the demo run shows, and exits.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPrograms, ensureNpmDependencies, packageVersion } from './lib/ensureSetup.mjs';

const root = join(import.meta.dirname, '..');
const smoke = process.argv.includes('--smoke');
ensureNpmDependencies(root);
if (smoke) ensureDebianPrograms(['chromium']);
const { ensureCodeServer, freePort, installExtension, startCodeServer, writeUserSettings } =
  await import('./lib/codeServer.mjs');
const { smokeCheck } = await import('./lib/startSmoke.mjs');

console.log('building and packaging the extension…');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const vsix = join(root, `rollout-studio-${packageVersion(root)}.vsix`);
const codeServer = ensureCodeServer();

const demo = join(root, '.demo');
const runs = join(demo, 'runs');
const workspace = join(demo, 'workspace');
const userDataDir = join(demo, 'user-data');
const extensionsDir = join(demo, 'extensions');
mkdirSync(join(workspace, '.vscode'), { recursive: true });
writeFileSync(
  join(workspace, 'README.md'),
  [
    '# Rollout Studio demo',
    '',
    'This workspace is made by `npm start`. Everything here is **demo data** replayed on this machine: no GPU box is involved.',
    '',
    '- Click the **Rollout Studio** icon in the activity bar: the demo GRPO run streams into *Runs & Rollouts* (steps → groups → samples, rewards, tool-call errors, zero-std groups).',
    '- Click a sample, or the list icon on the run, to open the **Trajectory Viewer**: the sample table (try the filter `code == TC002`), the per-step charts, each trajectory with its tool-call cards and reward breakdown, and Compare.',
    '- Open `datasets/demo-rollouts.jsonl`: every assistant turn is checked the way SGLang parses it; malformed tool calls are underlined, and hovering shows what SGLang returns.',
    '- Run **Rollout Studio: Open Tool-Call Playground** from the command palette and edit a completion.',
    '',
  ].join('\n'),
);
// A finished copy of one demo step as a dataset file, so tool-call squiggles show as soon as it opens.
const datasetRuns = join(demo, 'dataset-run');
execFileSync(
  process.execPath,
  [join(root, 'dist', 'cli.js'), 'demo', datasetRuns, '--steps', '2', '--interval-ms', '0'],
  {
    stdio: 'ignore',
  },
);
mkdirSync(join(workspace, 'datasets'), { recursive: true });
copyFileSync(
  join(datasetRuns, 'demo-tau2-grpo-qwen3-4b', 'rollouts.jsonl'),
  join(workspace, 'datasets', 'demo-rollouts.jsonl'),
);
writeFileSync(
  join(workspace, '.vscode', 'settings.json'),
  JSON.stringify({ 'rolloutStudio.runsRoot': runs }, null, 2),
);
installExtension(codeServer, { userDataDir, extensionsDir, vsix });
writeUserSettings(userDataDir, {
  'workbench.startupEditor': 'readme',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The demo folder sits inside this repository; VS Code would offer to open the parent repo.
  'git.openRepositoryInParentFolders': 'never',
});

const replay = spawn(
  process.execPath,
  [join(root, 'dist', 'cli.js'), 'demo', runs, '--steps', '40', '--interval-ms', '500'],
  {
    stdio: 'ignore',
  },
);
const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
const server = await startCodeServer(codeServer, { port, userDataDir, extensionsDir, folder: workspace });
const url = `${server.url}?folder=${encodeURIComponent(workspace)}`;
console.log(
  `\nRollout Studio demo is running in VS Code at:\n\n  ${url}\n\nThe demo run replays into ${runs}. Press Ctrl+C to stop.`,
);

if (smoke) {
  let code = 0;
  try {
    const shot = await smokeCheck(url, {
      runName: 'tau2 GRPO · Qwen3-4B (demo)',
      screenshotDir: join(root, 'test-results', 'screenshots'),
    });
    console.log(`smoke check passed: the demo run shows in the explorer (${shot})`);
  } catch (e) {
    console.error(`smoke check failed: ${e.message}\n--- code-server output ---\n${server.output()}`);
    code = 1;
  }
  replay.kill();
  server.stop();
  process.exit(code);
}

const stop = () => {
  replay.kill();
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code) => {
  console.log(`code-server exited (${code})`);
  replay.kill();
  process.exit(code ?? 1);
});
