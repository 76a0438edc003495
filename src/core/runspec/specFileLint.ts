import { findNodeAtLocation } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import { nodeValue, parseJsonTree } from '../toolcall/jsonTree';
import { lintSpec } from './lintSpec';
import type { LintOptions } from './lintSpec';
import { RunSpecSchema } from './runSpec';
import type { SpecFinding } from './specFinding';

/** A finding placed in the spec file's text: the key it is about (a flag's name, a field's name). */
export interface PlacedFinding extends SpecFinding {
  offset: number;
  length: number;
}

/**
 * The lint of a run spec file, each finding on the key it names, for squiggles in the editor. Syntax
 * and schema errors are left to the editor's JSON service (the schema is contributed for these
 * files), except the schema's own rules that JSON Schema cannot state (reserved environment names):
 * those are reported here as RS305, and nothing else is linted until they are fixed.
 */
export function lintSpecFile(text: string, options: LintOptions = {}): PlacedFinding[] {
  const { root } = parseJsonTree(text, { allowTrailingComma: true, allowComments: true });
  if (!root || root.type !== 'object') return [];
  const parsed = RunSpecSchema.safeParse(nodeValue(root));
  if (!parsed.success)
    return parsed.error.issues
      .filter((i) => i.code === 'custom')
      .map((i) => {
        const f: SpecFinding = {
          code: 'RS305',
          severity: 'error',
          message: i.message,
          path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        };
        return { ...f, ...place(root, f) };
      });
  return lintSpec(parsed.data, options).map((f) => ({ ...f, ...place(root, f) }));
}

function place(root: Node, f: SpecFinding): { offset: number; length: number } {
  // A rule about the flags as a whole (a required flag that is absent) names neither: it goes on "args".
  const path = f.flag ? ['args', f.flag] : (f.path ?? ['args']);
  // The deepest part of the path that is in the file: a finding about an absent flag lands on "args".
  for (let n = path.length; n > 0; n--) {
    const key = keyOf(findNodeAtLocation(root, path.slice(0, n)));
    if (key) return key;
  }
  return { offset: root.offset, length: 1 };
}

function keyOf(node: Node | undefined): { offset: number; length: number } | undefined {
  const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key ? { offset: key.offset, length: key.length } : undefined;
}
