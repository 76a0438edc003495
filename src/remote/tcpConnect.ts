import { connect, type Socket } from 'node:net';
import { UnreachableError, type UnreachableReason } from './sshErrors';

/** Opens a TCP connection, failing with a typed UnreachableError within timeoutMs. */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new UnreachableError(host, port, 'timeout', `no TCP connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new UnreachableError(host, port, reasonForErrno(e.code), e.message));
    });
  });
}

function reasonForErrno(code: string | undefined): UnreachableReason {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'dns';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return 'network';
  }
}

/** Classifies the reason a jump host gave for not opening a channel to the next hop. */
export function reasonForChannelFailure(message: string): UnreachableReason {
  if (/refused/i.test(message)) return 'refused';
  if (/resolve|name or service|not known|no address/i.test(message)) return 'dns';
  if (/timed? ?out/i.test(message)) return 'timeout';
  return 'network';
}
