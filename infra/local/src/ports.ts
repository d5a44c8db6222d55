import { createServer } from 'node:net';
import { StackError } from './stack-error';

/** True when nothing listens on 127.0.0.1:port, checked by binding it for a moment. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

export async function assertPortFree(port: number, component: string, overrideVariable: string): Promise<void> {
  if (await isPortFree(port)) return;
  throw new StackError(
    `${component}: port ${port} is already in use by another process; stop it (ss -ltnp 'sport = :${port}') or choose another port with ${overrideVariable}`,
  );
}
