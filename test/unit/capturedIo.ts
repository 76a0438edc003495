import { readdir, readFile } from 'node:fs/promises';
import type { Io } from '../../src/cli/convert';

/**
 * A CLI command's io for tests: it keeps what the command prints, and reads files from disk or, when
 * `files` is given, only from there (any other path is missing).
 */
export function capturedIo(files?: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Required<Io> = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readFile: files
      ? async (p) => files[p] ?? Promise.reject(new Error(`ENOENT: ${p}`))
      : (p) => readFile(p, 'utf8'),
    listDir: (p) => readdir(p),
  };
  return { out, err, io, stdout: () => out.join(''), stderr: () => err.join('') };
}
