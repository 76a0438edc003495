import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { parseJsonTree } from './jsonTree';
import { jsonStringOffsetMap } from './jsonStringMap';

/**
 * A JSON text inside a file: a JSONL line, or the whole document. Its syntax tree is built on first use, so
 * a file whose turns nobody asks offsets for never pays for it.
 */
export class JsonSource {
  private tree: Node | undefined | null = null;

  constructor(
    readonly file: string,
    /** Offset of json[0] in the file. */
    readonly base: number,
    readonly json: string,
  ) {}

  node(path: readonly (string | number)[]): Node | undefined {
    if (this.tree === null) this.tree = parseJsonTree(this.json).root;
    return this.tree === undefined ? undefined : findNodeAtLocation(this.tree, [...path]);
  }

  /** Maps offsets in the string value at path to offsets in the file, through its escapes. */
  stringMap(path: readonly (string | number)[]): (offset: number) => number {
    const node = this.node(path);
    if (node?.type === 'string') return jsonStringOffsetMap(this.file, this.base + node.offset);
    const at = this.base + (node?.offset ?? 0);
    return () => at;
  }
}
