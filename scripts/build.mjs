// Bundles the extension host, the CLI and the webview app with esbuild.
// The bundles carry their dependencies, so the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __ROLLOUT_STUDIO_VERSION__: JSON.stringify(version) },
};

// The extension runs on VS Code's own Node: 22 or newer for every VS Code that engines.vscode allows
// (openai needs ≥ 22). The CLI runs on the user's Node and never loads openai: 20.19 is enough.
const node = {
  ...common,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // Prefer ES module builds: jsonc-parser's UMD main loads its parts with a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
  // ssh2 tries optional native speed-ups (cpu-features, sshcrypto); they must never enter the bundle.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
};

const builds = [
  { ...node, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js' },
  // The run stores' diagnostics threads load it from beside the bundle that starts them (diagnoseThreads.ts).
  {
    ...node,
    entryPoints: ['src/core/store/diagnoseWorker.ts'],
    outfile: 'dist/diagnoseWorker.js',
    target: 'node20.19',
  },
  {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    target: 'node20.19',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    // The codicon font ships next to the bundle and is loaded through the webview's resource roots.
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
