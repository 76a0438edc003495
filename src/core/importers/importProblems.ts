import type * as z from 'zod';

// Importers never stop at the first bad record: they say where it is (file:line and the field path),
// skip it, count it and keep reading, so one corrupt line does not hide a whole run.

export interface ImportProblem {
  file: string;
  /** 1-based line for line-oriented files; absent for whole-file JSON. */
  line?: number;
  /** Field path inside the record, e.g. `simulations[3].messages[2].role`. */
  path: string;
  message: string;
}

export class ImportProblems {
  readonly list: ImportProblem[] = [];
  /** Records (lines, simulations, samples) left out because they could not be read. */
  skipped = 0;

  constructor(readonly file: string) {}

  report(line: number | undefined, path: string, message: string): void {
    const problem: ImportProblem = { file: this.file, path: path === '' ? '(root)' : path, message };
    if (line !== undefined) problem.line = line;
    this.list.push(problem);
  }

  /** Records a whole record as unreadable: one problem per zod issue, one skipped record. */
  skip(line: number | undefined, prefix: string, error: z.ZodError): void {
    for (const issue of error.issues) this.report(line, joinPath(prefix, issue.path), issue.message);
    this.skipped++;
  }
}

export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function formatProblem(p: ImportProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.path}: ${p.message}`;
}
