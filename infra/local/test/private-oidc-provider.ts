import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@ledger/platform/testing';
import { providerCommand } from '../src/components/oidc-provider';

export interface PrivateProvider {
  readonly issuer: string;
  stop(): Promise<void>;
}

/**
 * The stack's OpenID provider program on a port and keys file of its own, so a test runs the
 * code in the tree whatever provider the shared stack happens to be running.
 */
export async function startPrivateProvider(): Promise<PrivateProvider> {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-oidc-'));
  const port = await freePort();
  const { command, args } = providerCommand();
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, LEDGER_OIDC_PORT: String(port), LEDGER_OIDC_KEYS: join(folder, 'signing-keys.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(() => {
    throw new Error('the OpenID provider exited before listening');
  });
  await Promise.race([once(createInterface({ input: child.stdout ?? process.stdin }), 'line'), exited]);
  return {
    issuer: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
