import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { Io } from './convert';

const INVALID_LINES_SHOWN = 10;

/** The CLI's real input and output: files read as text, with what is wrong with them said on stderr. */
export function processIo(): Required<Io> {
  const stderr = (s: string) => void process.stderr.write(s);
  return {
    stdout: (s: string) => void process.stdout.write(s),
    stderr,
    readFile: (p: string) => readText(p, stderr),
    listDir: (p: string) => readdir(p),
  };
}

/**
 * Reads a file as UTF-8 text. A FIFO, socket or device is refused rather than read: with no writer a
 * read waits for ever. Bytes that are not UTF-8 read as U+FFFD, and the lines holding them are named.
 */
export async function readText(path: string, stderr: (s: string) => void): Promise<string> {
  const info = await stat(path);
  if (!info.isFile() && !info.isDirectory()) {
    const kind = info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device';
    throw new Error(
      `${path} is ${kind}, not a regular file (reading it could wait for ever); copy it to a file first`,
    );
  }
  // Decoded in one go: the promise API reads in chunks and joins them, and a Buffer decoded here would
  // stay in memory beside its text until a collection, each a copy of a file that may be 50 MB.
  const text = readFileSync(path, 'utf8');
  // Bytes that are not UTF-8 decode to U+FFFD; only then are the bytes read to name their lines.
  if (!text.includes('\uFFFD')) return text;
  const bytes = await readFile(path);
  if (!isUtf8(bytes)) {
    const lines = invalidUtf8Lines(bytes);
    for (const line of lines.slice(0, INVALID_LINES_SHOWN))
      stderr(`${path}:${line}: invalid UTF-8, read as U+FFFD (\uFFFD); save the file as UTF-8\n`);
    if (lines.length > INVALID_LINES_SHOWN)
      stderr(`… and ${lines.length - INVALID_LINES_SHOWN} more lines with invalid UTF-8\n`);
  }
  return text;
}

/** 1-based numbers of the lines whose bytes are not valid UTF-8. */
function invalidUtf8Lines(bytes: Buffer): number[] {
  const out: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    if (!isUtf8(bytes.subarray(start, end))) out.push(line);
    if (newline === -1) break;
    start = newline + 1;
  }
  return out;
}
