import { expect, test } from 'vitest';
import { AuthSequence } from '../../../src/remote/sshAuth';
import { WINDOWS_AGENT_PIPE } from '../../../src/remote/sshHostConfig';

// What the sequence offers after "none", when the server takes public keys only.
async function secondOffer(agentSocket: string): Promise<unknown> {
  const auth = new AuthSequence(
    {
      user: 'me',
      host: 'gpu',
      agentSocket,
      identityFiles: [],
      identitiesOnly: false,
      preferredAuthentications: undefined,
    },
    { confirmHostKey: async () => false, passphrase: async () => undefined, secret: async () => undefined },
  );
  const offer = (left: string[] | null) =>
    new Promise<unknown>((resolve) => auth.handler(left as never, false, (m) => resolve(m)));
  expect(await offer(null)).toMatchObject({ type: 'none' });
  return offer(['publickey']);
}

test("Windows' OpenSSH agent pipe is asked, though no socket file shows it", async () => {
  expect(await secondOffer(WINDOWS_AGENT_PIPE)).toMatchObject({ type: 'agent', username: 'me' });
  expect(await secondOffer('//./pipe/openssh-ssh-agent')).toMatchObject({ type: 'agent' });
});

test('an agent socket that is not there is skipped', async () => {
  expect(await secondOffer('/nonexistent/agent.sock')).toBe(false);
});
