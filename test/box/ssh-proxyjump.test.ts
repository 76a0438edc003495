import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { UnreachableError } from '../../src/remote/sshErrors';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// Jump hosts log each forwarded connection at DEBUG1, which is how the test sees the path taken.
const LOG_FORWARDS = ['LogLevel DEBUG1'];
let first: Sshd;
let second: Sshd;
let box: Sshd;
let client: ClientHome;

beforeAll(async () => {
  [first, second, box] = await Promise.all([
    Sshd.start({ extraConfig: LOG_FORWARDS }),
    Sshd.start({ extraConfig: LOG_FORWARDS }),
    Sshd.start(),
  ]);
  client = await clientHome(
    {
      jump1: { sshd: first },
      jump2: { sshd: second },
      viaOne: { sshd: box, lines: ['ProxyJump jump1'] },
      viaTwo: { sshd: box, lines: ['ProxyJump jump1,jump2'] },
      viaClosedPort: { sshd: box, lines: ['ProxyJump jump1', 'Port 1'] },
      // OpenSSH's own client as the ProxyCommand, tunnelling through the first jump host with -W.
      viaCommand: {
        sshd: box,
        lines: [
          `ProxyCommand ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${first.dir}/client_known_hosts -i ${first.userKeyPath} -p ${first.port} -W %h:%p ${first.user}@127.0.0.1`,
        ],
      },
      viaFailingCommand: {
        sshd: box,
        lines: [`ProxyCommand sh -c 'echo "bastion: no route to %h" >&2; exit 1'`],
      },
    },
    { trust: [first, second, box] },
  );
  await writeFile(join(first.dir, 'client_known_hosts'), `${first.knownHostsLine()}\n`);
});
afterAll(async () => {
  await client?.remove();
  await Promise.all([first?.stop(), second?.stop(), box?.stop()]);
});

/** The direct-tcpip requests a jump host served: one per connection it carried onward. */
async function forwardsTo(jump: Sshd, port: number): Promise<number> {
  const log = await jump.log();
  return log
    .split('\n')
    .filter((l) => l.includes('server_request_direct_tcpip') && l.trimEnd().endsWith(`port ${port}`)).length;
}

test('ProxyJump reaches the box through the jump host, verifying both host keys', async () => {
  const before = await forwardsTo(first, box.port);
  const target = await poolFor(client, new ScriptedPrompts()).target('viaOne');
  expect((await target.exec(['echo', 'through the jump'])).stdout.toString()).toBe('through the jump\n');
  expect((await target.details()).hostKey.status).toBe('known');
  expect(await forwardsTo(first, box.port)).toBe(before + 1);
  await target.close();
});

test('chained ProxyJump goes through each hop in order', async () => {
  const [toSecond, toBox] = [await forwardsTo(first, second.port), await forwardsTo(second, box.port)];
  const target = await poolFor(client, new ScriptedPrompts()).target('viaTwo');
  expect((await target.exec(['true'])).code).toBe(0);
  expect(await forwardsTo(first, second.port)).toBe(toSecond + 1);
  expect(await forwardsTo(second, box.port)).toBe(toBox + 1);
  await target.close();
});

test('ProxyCommand carries the connection (here ssh -W through the jump host)', async () => {
  const before = await forwardsTo(first, box.port);
  const target = await poolFor(client, new ScriptedPrompts()).target('viaCommand');
  expect((await target.exec(['echo', 'via command'])).stdout.toString()).toBe('via command\n');
  expect((await target.details()).hostKey.status).toBe('known');
  expect(await forwardsTo(first, box.port)).toBe(before + 1);
  await target.close();
});

test('a ProxyCommand that fails is reported with what it printed', async () => {
  const error = await poolFor(client, new ScriptedPrompts())
    .target('viaFailingCommand')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnreachableError);
  expect((error as Error).message).toContain('bastion: no route to 127.0.0.1');
});

test('a hop that cannot open the next connection reports that host as unreachable', async () => {
  const error = await poolFor(client, new ScriptedPrompts())
    .target('viaClosedPort')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnreachableError);
  expect(error).toMatchObject({ host: '127.0.0.1', port: 1 });
});
