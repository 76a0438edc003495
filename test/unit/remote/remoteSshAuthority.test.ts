import { expect, test } from 'vitest';
import { remoteSshAuthority } from '../../../src/remote/remoteSshAuthority';

test('a Host alias names the Remote-SSH window as is', () => {
  expect(remoteSshAuthority('gpu-1.cluster')).toBe('ssh-remote+gpu-1.cluster');
});

test('a typed user@host:port goes as hex JSON, so the @ and : stay part of the host', () => {
  const authority = remoteSshAuthority('alice@gpu:2222');
  expect(authority).toMatch(/^ssh-remote\+[0-9a-f]+$/);
  expect(JSON.parse(Buffer.from(authority.slice('ssh-remote+'.length), 'hex').toString('utf8'))).toEqual({
    hostName: 'alice@gpu:2222',
  });
});
