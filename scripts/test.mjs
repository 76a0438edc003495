// `npm test`: typecheck, lint, package the .vsix, then every vitest project (unit, box against a real
// sshd, e2e in code-server + Chromium). Ends with one plain "N passed, N failed" line for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPrograms, ensureNpmDependencies } from './lib/ensureSetup.mjs';

const root = join(import.meta.dirname, '..');
ensureNpmDependencies(root);
// The box tests need a real sshd (and fish, as a non-POSIX login shell); the e2e tests need Chromium
// (code-server installs itself).
ensureDebianPrograms(['sshd', 'chromium', 'fish']);

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status === 0;

const checks = [
  ['typecheck', () => run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])],
  ['lint', () => run('npx', ['eslint', '.']) && run('npx', ['prettier', '--check', '.'])],
  ['package', () => run('npm', ['run', '--silent', 'package'])],
];
const failedChecks = [];
for (const [name, check] of checks) {
  console.log(`\n== ${name}`);
  if (!check()) failedChecks.push(name);
}

console.log('\n== vitest (unit, box, e2e)');
mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
// Without a .vsix the e2e tests would only fail on a missing file; say so once instead.
if (failedChecks.includes('package')) vitestArgs.push('--project', 'unit', '--project', 'box');
run('npx', vitestArgs);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed =
    result.numFailedTests +
    (result.numTotalTestSuites > 0 && !result.success && result.numFailedTests === 0 ? 1 : 0);
} else {
  failed += 1;
  console.log('vitest wrote no report');
}
for (const name of failedChecks) console.log(`failed check: ${name}`);
failed += failedChecks.length;
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
