// `npm run bench [name...]`: bundles every bench/*.bench.ts (or those whose file name contains one of the
// given names) with esbuild and runs each in its own Node process, so one benchmark's heap and JIT state
// never colours another's. Each benchmark prints its table and writes bench-results/<name>.json.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(2);
}

const resultsDir = join(root, 'bench-results');
mkdirSync(resultsDir, { recursive: true });
// Inside the project, so the packages left external below resolve from its node_modules.
const cacheDir = join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const buildDir = mkdtempSync(join(cacheDir, 'rollout-studio-bench-'));
let failed = 0;
try {
  // The run stores' diagnostics threads, beside the benchmarks that load them (as dist/ has it).
  await esbuild.build({
    entryPoints: [join(root, 'src', 'core', 'store', 'diagnoseWorker.ts')],
    outfile: join(buildDir, 'diagnoseWorker.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  for (const file of benches) {
    const outfile = join(buildDir, file.replace(/\.ts$/, '.mjs'));
    await esbuild.build({
      entryPoints: [join(root, 'bench', file)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
      // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its ESM build bundles.
      mainFields: ['module', 'main'],
      // ssh2's optional native speed-ups stay out of bundles, as in the extension build; esbuild (which
      // runs its own binary) and playwright-core (which reads its own files) only work from node_modules.
      external: ['cpu-features', './crypto/build/Release/sshcrypto.node', 'esbuild', 'playwright-core'],
      // CommonJS dependencies bundled into ESM may still call require() for Node built-ins.
      banner: {
        js: [
          "import { createRequire } from 'node:module';",
          "import { dirname as __benchDirname } from 'node:path';",
          "import { fileURLToPath as __benchFileURLToPath } from 'node:url';",
          'const require = createRequire(import.meta.url);',
          // Bundled CommonJS (ssh2) reads __dirname at load time.
          'const __filename = __benchFileURLToPath(import.meta.url);',
          'const __dirname = __benchDirname(__filename);',
        ].join(' '),
      },
      define: { __ROLLOUT_STUDIO_VERSION__: '"bench"' },
    });
    console.log(`\n== ${file}`);
    // BENCH_NODE_ARGS passes flags such as --cpu-prof to the benchmark's Node (NODE_OPTIONS refuses them).
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // The bundle sits under node_modules, which a worktree links to the main checkout's: without
    // --preserve-symlinks-main Node runs it from the link's target, and the viewer harness, which finds
    // the project from the bundle's folder, would load the main checkout's webview instead of this one.
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--preserve-symlinks-main', ...nodeArgs, outfile],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
      },
    );
    if (run.status !== 0) failed++;
  }
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
