import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The exporter's own command line, as `npm run l10n` runs it.
const cli = join(dirname(createRequire(import.meta.url).resolve('@vscode/l10n-dev')), 'cli.js');
const out = mkdtempSync(join(tmpdir(), 'rs-l10n-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const exported = (dir: string, path: string): Record<string, unknown> => {
  execFileSync(process.execPath, [cli, 'export', '--outDir', dir, path], { stdio: 'pipe' });
  return JSON.parse(readFileSync(join(dir, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
};

describe('runtime strings (l10n/bundle.l10n.json)', () => {
  // The host's and the webviews' messages, exported apart (`npm run l10n` exports both folders at once
  // into the union of the two). Each export starts a parser of its own: slow beside a busy suite.
  let host: Record<string, unknown>;
  let webview: Record<string, unknown>;
  beforeAll(() => {
    host = exported(mkdtempSync(join(out, 'src-')), './src');
    webview = exported(mkdtempSync(join(out, 'webview-')), './webview');
  }, 120_000);
  const committed = () =>
    JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, unknown>;

  it('the committed bundle holds exactly the l10n.t messages of the host and the webviews (else: npm run l10n)', () => {
    expect(committed()).toEqual({ ...host, ...webview });
  });

  it('every l10n.t message of the webviews is in the bundle the host passes them', () => {
    // The webviews' own strings are really found (the viewer's tabs).
    expect(webview).toMatchObject({ Samples: 'Samples', Overview: 'Overview' });
    const bundle = committed();
    expect(Object.keys(webview).filter((k) => !(k in bundle))).toEqual([]);
  });

  it('webview modules import @vscode/l10n as the exporter reads it: `import * as l10n`', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const odd = files('webview').filter((f) => {
      const text = readFileSync(f, 'utf8');
      return text.includes("'@vscode/l10n'") && !text.includes("import * as l10n from '@vscode/l10n';");
    });
    expect(odd).toEqual([]);
  });
});
