import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A fixed address in front of a server that can be swapped: the browser keeps one origin
 * (its cookies, its page) while the server behind is stopped and a new one started — a
 * real restart as a person at the shop would live it.
 */
export async function startProxy(targetPort: number): Promise<{ url: string; setTarget(port: number | null): void; dropConnections(): void; close(): Promise<void> }> {
  let target: number | null = targetPort;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (target === null) return void client.destroy(); // nobody listening: like a refused connection
    const upstream = connect(target, '127.0.0.1');
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget(port) {
      target = port;
    },
    /** Cuts every open connection, as a dying server process does. */
    dropConnections() {
      for (const socket of open) socket.destroy();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
