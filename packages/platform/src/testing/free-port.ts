import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago: the OS picks one for a throwaway listener, which is
 * closed before the port is returned. Good enough for tests that start one server per port.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}
