// Compares the screenshots two e2e runs wrote (test-results/screenshots/, copied aside after each run), to
// show that a change left what users see as it was:
//   node scripts/compareScreenshots.mjs <before-dir> <after-dir> [--noise <second-before-dir>]
//        [--only viewer,explorer,launch] [--out <dir for diff pictures>] [--tolerance <pixels>]
// With --noise, a second run of the code before the change: the pixels that differ between the two
// "before" runs (a rate in the status bar, a temp folder's name, a hover) are left out of the comparison.
// Prints one line per picture and exits 1 when a picture differs by more than the tolerance or is
// missing on one side.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { diffScreenshots, noisyPixels } from './lib/screenshotDiff.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    noise: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    tolerance: { type: 'string', default: '0' },
  },
});
if (positionals.length !== 2) {
  console.error(
    'usage: node scripts/compareScreenshots.mjs <before-dir> <after-dir> [--noise dir] [--only a,b] [--out dir]',
  );
  process.exit(2);
}
const [beforeDir, afterDir] = positionals;
const prefixes = values.only?.split(',') ?? [''];
const tolerance = Number(values.tolerance);
if (values.out) mkdirSync(values.out, { recursive: true });

const pictures = (dir) =>
  readdirSync(dir).filter((f) => f.endsWith('.png') && prefixes.some((p) => f.startsWith(p)));
const names = [...new Set([...pictures(beforeDir), ...pictures(afterDir)])].sort();
let failed = 0;
for (const name of names) {
  const a = join(beforeDir, name);
  const b = join(afterDir, name);
  if (!existsSync(a) || !existsSync(b)) {
    console.log(`${name}: only in ${existsSync(a) ? 'before' : 'after'}`);
    failed++;
    continue;
  }
  const before = readFileSync(a);
  const noise =
    values.noise && existsSync(join(values.noise, name)) ? readFileSync(join(values.noise, name)) : null;
  const ignore = noise ? (noisyPixels(before, noise) ?? undefined) : undefined;
  const d = diffScreenshots(before, readFileSync(b), { ignore });
  const share = ((100 * d.differing) / d.total).toFixed(3);
  const note = d.sizeChanged
    ? ' (size changed)'
    : d.ignored
      ? ` (${d.ignored} px that differ between runs left out)`
      : '';
  console.log(`${name}: ${d.differing} of ${d.total} px differ (${share}%)${note}`);
  if (d.differing > tolerance) failed++;
  if (values.out && d.diff && d.differing > 0) writeFileSync(join(values.out, name), d.diff);
}
console.log(`${names.length} pictures: ${names.length - failed} the same, ${failed} different or missing`);
process.exit(failed ? 1 : 0);
