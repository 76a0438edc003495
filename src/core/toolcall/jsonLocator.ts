import { parseTree, type Node } from 'jsonc-parser';

/**
 * Finds the characters of a value (or its key) inside JSON text that is known to parse. The syntax tree is
 * built only when a diagnostic asks for a range, so valid calls never pay for it.
 */
export class JsonLocator {
  private root: Node | undefined | null = null;

  constructor(
    private readonly json: string,
    /** Offset of json[0] in the turn text. */
    private readonly base: number,
  ) {}

  /** [start, end) in the turn text of the value at path, or of its key when atKey; undefined if absent. */
  range(path: readonly (string | number)[], atKey = false): [number, number] | undefined {
    const node = this.find(path);
    if (node === undefined) return undefined;
    const target = atKey && node.parent?.type === 'property' ? node.parent.children?.[0] : node;
    if (target === undefined) return undefined;
    return [this.base + target.offset, this.base + target.offset + target.length];
  }

  private find(path: readonly (string | number)[]): Node | undefined {
    if (this.root === null) this.root = parseTree(this.json);
    let node = this.root;
    for (const segment of path) {
      if (node === undefined) return undefined;
      node = child(node, segment);
    }
    return node;
  }
}

function child(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array') return node.children?.[Number(segment)];
  if (node.type !== 'object') return undefined;
  // Duplicate keys: JSON.parse keeps the last one, so the last matching property is the one in effect.
  let found: Node | undefined;
  for (const prop of node.children ?? []) {
    if (prop.children?.[0]?.value === String(segment)) found = prop.children[1];
  }
  return found;
}
