import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseKnownHosts, type KnownHostsEntry } from './knownHosts';

/** All entries of the given known_hosts files, in order; files that do not exist hold none. */
export async function readKnownHostsFiles(files: readonly string[]): Promise<KnownHostsEntry[]> {
  const entries: KnownHostsEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    entries.push(...parseKnownHosts(text, file));
  }
  return entries;
}

/** Appends one line, creating the file (and ~/.ssh with OpenSSH's 0700) when missing. */
export async function appendKnownHostsLine(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // A file whose last line lacks its newline would otherwise glue our entry onto that line.
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${separator}${line}\n`, { mode: 0o600 });
}
