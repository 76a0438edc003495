import { promises as fs } from 'node:fs';
import { join } from 'node:path';

// A run's local store takes writes from one process at a time: two VS Code windows following the same
// run would interleave their appends and cut each other's files back on open. The lock file names the
// holder's process; a lock whose process is gone (a crash) is taken over. Within one process a folder
// has one store object (RunMirrors keeps one per run), so the lock keeps out other processes only.

/** Another process (another VS Code window) keeps the store. */
export class StoreInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the store folder's lock; resolves to its release. */
export async function lockStore(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'lock');
  const release = async () => {
    const holder = await fs.readFile(path, 'utf8').catch(() => '');
    if (Number.parseInt(holder, 10) === process.pid) await fs.rm(path, { force: true });
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number.parseInt(await fs.readFile(path, 'utf8').catch(() => ''), 10);
    if (holder === process.pid) return release;
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new StoreInUseError(
        `${dir} is in use by another VS Code window (process ${holder}); this window follows the run once that one lets it go`,
      );
    }
    // Left by a process that is gone: take it over (another process may race us to it; the loop decides).
    await fs.rm(path, { force: true });
  }
  throw new StoreInUseError(`${dir}: could not take its lock file; another process keeps taking it`);
}
