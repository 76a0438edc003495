import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { activationEvents: string[] };

describe('activation', () => {
  it('starts only for our views, commands, links, .rollout-studio/ files and JSONL editors', () => {
    // Views, commands and the viewer's serializer activate implicitly (VS Code 1.74+): only what cannot
    // be inferred from the contributions is listed, and nothing that fires in every window.
    expect(manifest.activationEvents).not.toContain('onStartupFinished');
    expect(manifest.activationEvents).not.toContain('*');
    expect([...manifest.activationEvents].sort()).toEqual(
      [
        'onLanguage:jsonl',
        'onUri',
        'onWebviewPanel:rolloutStudio.trajectoryViewer',
        'workspaceContains:.rollout-studio/*.json',
      ].sort(),
    );
  });
});
