/**
 * Top-level tree elements that keep their identity across repaints. VS Code maps an inline action's
 * click back to its element through a handle table that a whole-tree refresh clears; a click landing in
 * that window reaches the command with no element (Stop Server then asked which server to stop).
 * Repainting the same element objects one by one keeps the table, so the click acts on its own row.
 */
export class StableRoots<N extends object> {
  private nodes = new Map<string, N>();
  private shown = '';

  /** The element already shown under this key, updated with the fresh one's fields, or the fresh one. */
  intern(key: string, fresh: N): N {
    const old = this.nodes.get(key);
    if (!old) return fresh;
    Object.assign(old, fresh);
    return old;
  }

  /** Records the root elements just handed to VS Code; keys no longer shown are forgotten. */
  shownRoots(roots: readonly { key: string; node: N }[]): N[] {
    this.nodes = new Map(roots.map((r) => [r.key, this.intern(r.key, r.node)]));
    this.shown = roots.map((r) => r.key).join('\n');
    return [...this.nodes.values()];
  }

  /**
   * What a repaint should fire: while the set of roots is the same, the shown root elements themselves,
   * brought up to date with the fresh ones (each repaints with its children); otherwise undefined, for
   * the whole tree, since roots may have come or gone.
   */
  repaint(roots: readonly { key: string; node: N }[]): N[] | undefined {
    if (this.shown === '' || roots.map((r) => r.key).join('\n') !== this.shown) return undefined;
    return roots.map((r) => this.intern(r.key, r.node));
  }
}
