import { describe, expect, it } from 'vitest';
import { BoxSession, startableBoxes } from '../../../src/vscode/boxes/boxSession';
import { LocalTarget } from '../../../src/remote/localTarget';

const quietLog = { warn: () => undefined, info: () => undefined } as unknown as ConstructorParameters<
  typeof BoxSession
>[3];
const session = (alias: string) =>
  new BoxSession(
    alias,
    '/nonexistent',
    () => ({ errors: 0, warnings: 0, dropped: 0 }),
    quietLog,
    () => undefined,
  );

describe('BoxSession', () => {
  it('a box still connecting counts as a place to start, so a start right after Connect does not fall back to this machine', () => {
    const local = session('local');
    local.attach(new LocalTarget(), undefined);
    const gpu = session('gpu-box');
    const failed = session('down-box');
    failed.fail(new Error('refused'));
    expect(startableBoxes([local, gpu, failed]).map((b) => b.alias)).toEqual(['local', 'gpu-box']);
    gpu.setState('reconnecting');
    expect(startableBoxes([local, gpu, failed]).map((b) => b.alias)).toEqual(['local', 'gpu-box']);
  });

  it('whenSettled waits for the connection to end one way or the other', async () => {
    const gpu = session('gpu-box');
    let settled = false;
    const waiting = gpu.whenSettled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    gpu.fail(new Error('refused'));
    await waiting;
    expect(gpu.state).toBe('failed');
    // Neither connecting nor reconnecting: nothing to wait for.
    await gpu.whenSettled();
    gpu.setState('reconnecting');
    const again = gpu.whenSettled();
    gpu.setState('ready');
    await again;
  });
});
