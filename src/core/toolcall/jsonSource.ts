import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { JsonLocator } from './jsonLocator';
import { jsonStringOffsetMap } from './jsonStringMap';
import { parseJsonTree } from './jsonTree';

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
    const offset = this.offsetOf(path);
    if (offset !== undefined && this.json.charCodeAt(offset) === 0x22) {
      return jsonStringOffsetMap(this.file, this.base + offset);
    }
    const at = this.base + (offset ?? 0);
    return () => at;
  }

  /**
   * Where the value at path starts: from the tree when there is one (a document, whose lines were asked
   * for), else by scanning the text, which builds no tree: a tree holds a copy of every string in it, and
   * one record's line can hold a 50 MB turn.
   */
  private offsetOf(path: readonly (string | number)[]): number | undefined {
    if (this.tree === null) return new JsonLocator(this.json, 0).range(path)?.[0];
    return this.node(path)?.offset;
  }
}
