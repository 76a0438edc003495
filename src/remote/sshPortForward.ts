import { createServer, type Server, type Socket } from 'node:net';
import type { SshConnection } from './sshConnection';
import type { PortForward } from './target';

/**
 * Listens on 127.0.0.1 (never another interface: no other machine may reach the box's server through
 * this one) and carries each incoming connection to remoteHost:remotePort over the box's current SSH
 * session. The listener outlives reconnects, so a forward keeps its local port and works again as soon
 * as the box is back.
 */
export async function forwardLocalPort(
  connection: SshConnection,
  remoteHost: string,
  remotePort: number,
  localPort = 0,
): Promise<PortForward> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pause();
    connection.session().then(
      (session) =>
        session.client.forwardOut(
          '127.0.0.1',
          socket.remotePort ?? 0,
          remoteHost,
          remotePort,
          (err, channel) => {
            if (err || socket.destroyed) {
              socket.destroy();
              channel?.close();
              return;
            }
            channel.on('error', () => socket.destroy());
            channel.once('close', () => socket.destroy());
            socket.once('close', () => channel.close());
            socket.pipe(channel).pipe(socket);
            socket.resume();
          },
        ),
      () => socket.destroy(),
    );
  });
  await listen(server, localPort);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The forward has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
