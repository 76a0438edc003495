import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { configuredHosts, loadSshConfig } from '../../../src/remote/sshConfigFile';
import { parseDestination, resolveHostConfig, type LocalContext } from '../../../src/remote/sshHostConfig';

let home: string;
let local: LocalContext;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'rs-sshcfg-'));
  local = { home, localUser: 'me', env: { SSH_AUTH_SOCK: '/tmp/agent.sock', KEYS: `${home}/keys` } };
  await mkdir(join(home, '.ssh', 'config.d'), { recursive: true });
});
afterAll(() => rm(home, { recursive: true, force: true }));

async function resolve(config: string, box: string, files: Record<string, string> = {}) {
  for (const [name, text] of Object.entries(files)) await writeFile(join(home, '.ssh', name), text);
  await writeFile(join(home, '.ssh', 'config'), config);
  const parsed = await loadSshConfig(
    [{ path: join(home, '.ssh', 'config'), includeBase: join(home, '.ssh') }],
    home,
  );
  return resolveHostConfig(parsed, box, local);
}

test('defaults for a host the config does not mention are what ssh(1) uses', async () => {
  const host = await resolve('', 'gpu.example.com');
  expect(host).toMatchObject({
    hostName: 'gpu.example.com',
    port: 22,
    user: 'me',
    identityFiles: ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((n) => join(home, '.ssh', n)),
    identitiesOnly: false,
    identityAgent: '/tmp/agent.sock',
    proxyJump: [],
    serverAliveIntervalMs: undefined,
    serverAliveCountMax: 3,
    connectTimeoutMs: undefined,
    userKnownHostsFiles: [join(home, '.ssh/known_hosts'), join(home, '.ssh/known_hosts2')],
    globalKnownHostsFiles: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
    strictHostKeyChecking: 'ask',
  });
});

test('Host patterns, first value wins, tokens and ~ in paths', async () => {
  const host = await resolve(
    [
      'Host gpu-*',
      '  HostName %h.cluster.internal',
      '  User trainer',
      '  IdentityFile ~/.ssh/id_%r_%h',
      '  IdentityFile ${KEYS}/extra',
      '  IdentitiesOnly yes',
      '  ServerAliveInterval 30',
      '  ConnectTimeout 7',
      'Host !gpu-9 gpu-?',
      '  Port 2200',
      'Host *',
      '  User ignored-because-first-wins',
      '  Port 22',
      '  IdentityAgent ~/agent.sock',
    ].join('\n'),
    'gpu-1',
  );
  expect(host).toMatchObject({
    alias: 'gpu-1',
    hostName: 'gpu-1.cluster.internal',
    user: 'trainer',
    port: 2200,
    identityFiles: [join(home, '.ssh/id_trainer_gpu-1.cluster.internal'), join(home, 'keys/extra')],
    identitiesOnly: true,
    identityAgent: join(home, 'agent.sock'),
    serverAliveIntervalMs: 30_000,
    connectTimeoutMs: 7_000,
  });
  expect((await resolve('Host !gpu-9 gpu-?\n  Port 2200\n', 'gpu-9')).port).toBe(22);
});

test('user@host:port in the destination wins over the config', async () => {
  const host = await resolve('Host box\n  User cfg\n  Port 2\n', 'alice@box:2222');
  expect(host).toMatchObject({ user: 'alice', port: 2222, hostName: 'box' });
  expect(parseDestination('[::1]:2022')).toEqual({ host: '::1', port: 2022 });
});

test('IdentityAgent none and SSH_AUTH_SOCK; UserKnownHostsFile lists several files', async () => {
  const host = await resolve('Host a\n  IdentityAgent none\n  UserKnownHostsFile ~/k1 /etc/k2\n', 'a');
  expect(host.identityAgent).toBeUndefined();
  expect(host.userKnownHostsFiles).toEqual([join(home, 'k1'), '/etc/k2']);
  expect((await resolve('Host a\n  IdentityAgent SSH_AUTH_SOCK\n', 'a')).identityAgent).toBe(
    '/tmp/agent.sock',
  );
});

test("on Windows without SSH_AUTH_SOCK the agent is OpenSSH's named pipe; elsewhere there is none", () => {
  const parsed = SSHConfig.parse('Host a\n  HostName a.example\n');
  const on = (platform: NodeJS.Platform, env: Record<string, string>) =>
    resolveHostConfig(parsed, 'a', { home, localUser: 'me', env, platform }).identityAgent;
  expect(on('win32', {})).toBe('\\\\.\\pipe\\openssh-ssh-agent');
  expect(on('win32', { SSH_AUTH_SOCK: 'C:/Users/me/agent' })).toBe('C:/Users/me/agent');
  expect(on('linux', {})).toBeUndefined();
});

test('ProxyJump lists hops; none disables it; StrictHostKeyChecking yes is kept', async () => {
  const host = await resolve(
    'Host box\n  ProxyJump bastion,me@inner:2222\n  StrictHostKeyChecking yes\n',
    'box',
  );
  expect(host.proxyJump).toEqual(['bastion', 'me@inner:2222']);
  expect(host.strictHostKeyChecking).toBe('yes');
  expect((await resolve('Host box\n  ProxyJump none\n', 'box')).proxyJump).toEqual([]);
});

test('Include: relative to ~/.ssh, globbed in order, at top level and inside a Host block', async () => {
  const host = await resolve(
    ['Include config.d/*.conf', 'Host box', '  Include inner.conf', '  User outer'].join('\n'),
    'box',
    {
      'config.d/10-first.conf': 'Host box\n  HostName first.example\n',
      'config.d/20-second.conf': 'Host box\n  HostName second.example\n  Port 2201\n',
      'inner.conf': '  ConnectTimeout 3\nHost other\n  User nobody\n',
    },
  );
  expect(host).toMatchObject({
    hostName: 'first.example',
    port: 2201,
    user: 'outer',
    connectTimeoutMs: 3000,
  });
  // The Host block inside the included file stands on its own.
  expect((await resolve('Host box\n  Include inner.conf\n', 'other')).user).toBe('nobody');
});

test('the hosts offered for picking are the concrete Host names, included files too', async () => {
  await writeFile(join(home, '.ssh', 'config.d', '30-lab.conf'), 'Host lab-a lab-b\n  User me\n');
  await writeFile(
    join(home, '.ssh', 'config'),
    'Host gpu1 gpu-* !gpu-9\n  Port 2\nInclude config.d/30-lab.conf\nHost gpu1 *\n  User x\n',
  );
  const config = await loadSshConfig(
    [{ path: join(home, '.ssh', 'config'), includeBase: join(home, '.ssh') }],
    home,
  );
  expect(configuredHosts(config)).toEqual(['gpu1', 'lab-a', 'lab-b']);
});
