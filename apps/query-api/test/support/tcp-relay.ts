import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay to a real server that a test can cut (the server seems gone) and restore, on the same port. */
export interface TcpRelay {
  readonly url: string;
  /** Closes every connection through it and refuses new ones. */
  cut(): Promise<void>;
  /** Accepts connections again. */
  restore(): Promise<void>;
  dispose(): Promise<void>;
}

/** A relay on a free port of 127.0.0.1 to `target` (`redis://host:port`), answering as `redis://127.0.0.1:<port>`. */
export async function tcpRelay(target: string): Promise<TcpRelay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect({ host: hostname, port: Number(port) });
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  const listen = (server: Server, on: number) => new Promise<number>((resolve) => server.listen(on, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  let server = serve();
  const relayPort = await listen(server, 0);
  const cut = async () => {
    const closing = close(server);
    for (const socket of sockets) socket.destroy();
    await closing;
  };
  return {
    url: `redis://127.0.0.1:${relayPort}`,
    cut,
    restore: async () => {
      server = serve();
      await listen(server, relayPort);
    },
    dispose: async () => {
      if (server.listening) await cut();
    },
  };
}
