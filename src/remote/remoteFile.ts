import type { Target } from './target';

// How much of the file's end is read to find where its last complete line ends.
const TAIL_WINDOW = 65_536;

export interface RemoteFile {
  ino: number;
  size: number;
}

/** The file's inode and size on the box; undefined while it is missing. */
export async function statRemoteFile(target: Target, path: string): Promise<RemoteFile | undefined> {
  // stat(1) rather than SFTP: SFTP attributes carry no inode, and a replaced file must be noticed.
  const r = await target.exec(['stat', '-L', '-c', '%i %s', path], { timeoutMs: 15_000 });
  if (r.code !== 0) return undefined;
  const [ino, size] = r.stdout.toString().trim().split(' ').map(Number);
  return ino === undefined || size === undefined ? undefined : { ino, size };
}

/**
 * Where the last complete line of the file on the box ends now: the offset a reader that has caught up
 * has taken. Undefined while the file is missing.
 */
export async function completeLinesEnd(target: Target, path: string): Promise<number | undefined> {
  const file = await statRemoteFile(target, path);
  if (!file) return undefined;
  const from = Math.max(0, file.size - TAIL_WINDOW);
  const r = await target.exec(['tail', '-c', `+${from + 1}`, path], { timeoutMs: 15_000 });
  if (r.code !== 0) return undefined;
  // The output starts at byte `from`; a line longer than the window ends before it.
  const newline = r.stdout.lastIndexOf(0x0a);
  return newline < 0 ? from : from + newline + 1;
}
