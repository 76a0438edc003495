import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The exporter's own command line, as `npm run l10n` runs it.
const cli = join(dirname(createRequire(import.meta.url).resolve('@vscode/l10n-dev')), 'cli.js');
const out = mkdtempSync(join(tmpdir(), 'rs-l10n-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('runtime strings (l10n/bundle.l10n.json)', () => {
  it('the committed bundle holds exactly the vscode.l10n.t messages of the sources (else: npm run l10n)', () => {
    execFileSync(process.execPath, [cli, 'export', '--outDir', out, './src'], { stdio: 'pipe' });
    const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as unknown;
    const committed = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as unknown;
    expect(committed).toEqual(fresh);
  });
});
