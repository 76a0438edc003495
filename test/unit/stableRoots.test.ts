import { describe, expect, it } from 'vitest';
import { StableRoots } from '../../src/vscode/stableRoots';

type Row = { kind: 'run'; name: string; state: string };
const row = (name: string, state: string) => ({ key: name, node: { kind: 'run', name, state } as Row });

describe('StableRoots', () => {
  it('hands VS Code the same root objects on every repaint, with their fields brought up to date', () => {
    const roots = new StableRoots<Row>();
    const shown = roots.shownRoots([row('a', 'running'), row('b', 'running')]);
    const repainted = roots.repaint([row('a', 'exited'), row('b', 'running')]);
    expect(repainted).toHaveLength(2);
    expect(repainted?.[0]).toBe(shown[0]);
    expect(repainted?.[1]).toBe(shown[1]);
    // An element clicked before the repaint reads what the row shows now.
    expect(shown[0]?.state).toBe('exited');
    // The next full listing keeps the identities too.
    expect(roots.shownRoots([row('a', 'exited'), row('b', 'exited')])[1]).toBe(shown[1]);
  });

  it('asks for a whole-tree repaint when roots came or went, and before anything was shown', () => {
    const roots = new StableRoots<Row>();
    expect(roots.repaint([row('a', 'running')])).toBeUndefined();
    roots.shownRoots([row('a', 'running')]);
    expect(roots.repaint([row('a', 'running'), row('b', 'starting')])).toBeUndefined();
    expect(roots.repaint([])).toBeUndefined();
  });
});
