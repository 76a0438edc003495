import { describe, expect, test } from 'vitest';
import { PortInUseError } from '../../../src/remote/servers/launchServer';
import { onFreePort } from '../../../src/remote/servers/onFreePort';

// The one busy-port rule of Start SGLang Server and of an eval's servers: ask for another, try again.

const busyBelow = (free: number, tried: number[]) => async (port: number) => {
  tried.push(port);
  if (port < free) throw new PortInUseError(port, 'gpu-box');
  return `listening on ${port}`;
};

describe('onFreePort', () => {
  test('each busy port asks for another, with the box’s answer, until one is free', async () => {
    const tried: number[] = [];
    const asked: string[] = [];
    const started = await onFreePort(30000, busyBelow(30002, tried), async (busy) => {
      asked.push(busy.message);
      return busy.port + 1;
    });
    expect(started).toBe('listening on 30002');
    expect(tried).toEqual([30000, 30001, 30002]);
    expect(asked).toEqual([
      'Port 30000 is already in use on gpu-box; pick another port or stop what listens there.',
      'Port 30001 is already in use on gpu-box; pick another port or stop what listens there.',
    ]);
  });

  test('no other port given: nothing is started; any other failure is thrown as it is', async () => {
    const tried: number[] = [];
    expect(await onFreePort(30000, busyBelow(30005, tried), async () => undefined)).toBeUndefined();
    expect(tried).toEqual([30000]);
    const broken = onFreePort(
      30000,
      async () => {
        throw new Error('sglang is not installed');
      },
      async () => 1,
    );
    await expect(broken).rejects.toThrow('sglang is not installed');
  });
});
