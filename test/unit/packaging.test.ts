import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('packaging', { timeout: 60_000 }, () => {
  it('the .vsix carries what the extension loads and not the CLI or the README screenshots', () => {
    const files = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        // The manifest's English; package.nls.<lang>.json files beside it translate it.
        'package.nls.json',
        // The runtime strings' bundle; l10n/bundle.l10n.<lang>.json files beside it translate them.
        'l10n/bundle.l10n.json',
        'media/tap/rollout_studio_tap.py',
        // Run on the box for heads-only runs (MirrorModes reads it from the extension's folder).
        'media/rollout_heads.py',
        'media/rollout-studio.svg',
        // The Marketplace icon and the walkthrough's pictures.
        'media/icon.png',
        'media/walkthrough/connect.svg',
        'media/walkthrough/malformed.svg',
      ]),
    );
    expect(files.filter((f) => f.startsWith('media/screenshots/') || f === 'dist/cli.js')).toEqual([]);
    expect(files.filter((f) => f.includes('__pycache__'))).toEqual([]);
  });

  it('the CLI bundle never loads openai, so the Node 20.19 that engines.node names runs it', async () => {
    const { metafile } = await esbuild.build({
      entryPoints: ['src/cli/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      mainFields: ['module', 'main'],
      external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((i) => i.includes('src/cli/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('node_modules/openai/'))).toEqual([]);
  });
});
