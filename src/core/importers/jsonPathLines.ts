import { findNodeAtLocation } from 'jsonc-parser';
import { parseJsonTree } from '../toolcall/jsonTree';
import type { ImportProblem } from './importProblems';

/**
 * Gives problems in a whole-file JSON document (tau2 results) the line of the value they are about, so
 * they read `file:line` like problems in JSONL. A path that does not exist (a missing field) points at the
 * nearest enclosing value that does.
 */
export function addJsonLines(problems: ImportProblem[], text: string): void {
  if (problems.every((p) => p.line !== undefined)) return;
  const root = parseJsonTree(text).root;
  if (root === undefined) return;
  let lineStarts: number[] | undefined;
  for (const p of problems) {
    if (p.line !== undefined || p.path === '(root)') continue;
    const segments = splitPath(p.path);
    let node;
    while ((node = findNodeAtLocation(root, segments)) === undefined && segments.length > 0) segments.pop();
    lineStarts ??= starts(text);
    p.line = lineOf(lineStarts, node?.offset ?? 0);
  }
}

function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  return out;
}

function starts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function lineOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
