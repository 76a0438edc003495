import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SshTarget } from '../../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './sshBox';
import { Sshd } from './sshd';

/** Quick reconnects, so tests that drop connections stay short. */
const FAST = { initialDelayMs: 50, maxDelayMs: 400, maxAttempts: 20 };

export interface TrustedBox {
  sshd: Sshd;
  target: SshTarget;
  /** A temp folder the test files live in; sshd runs as this user, so it is the box's path too. */
  dir: string;
}

export interface TrustedBoxOptions {
  /** Environment of the box's sessions (e.g. a PYTHONPATH with stand-ins of GPU-box programs). */
  env?: Record<string, string>;
  /** Directories put in front of the box's PATH (e.g. the test venv's bin with the real `ray`). */
  pathDirs?: readonly string[];
  /** Runs before the box is taken down, while its target is still connected. */
  beforeClose?: (box: TrustedBox) => Promise<void>;
}

/**
 * A real sshd whose host key is already trusted, one connected target to it and a temp folder, for the
 * tests of one file: set up before them, removed after.
 */
export function useTrustedBox(dirPrefix: string, options: TrustedBoxOptions = {}): () => TrustedBox {
  let box: TrustedBox | undefined;
  let client: ClientHome | undefined;
  beforeAll(async () => {
    const sshd = await Sshd.start({
      ...(options.env ? { env: options.env } : {}),
      ...(options.pathDirs ? { pathDirs: options.pathDirs } : {}),
    });
    client = await clientHome({ box: { sshd } }, { trust: [sshd] });
    const target = await poolFor(client, new ScriptedPrompts(), { reconnect: FAST }).target('box');
    box = { sshd, target, dir: await mkdtemp(join(tmpdir(), dirPrefix)) };
  });
  afterAll(async () => {
    if (box) await options.beforeClose?.(box);
    await box?.target.close();
    await client?.remove();
    await box?.sshd.stop();
    if (box) await rm(box.dir, { recursive: true, force: true });
  });
  return () => {
    if (!box) throw new Error('the test box did not start');
    return box;
  };
}
