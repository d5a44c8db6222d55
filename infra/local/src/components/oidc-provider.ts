import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from '../component';
import { componentPaths, repoRoot } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { ports } from '../settings';
import { waitUntil } from '../wait';

/** The provider's program, run with tsx like the stack itself. */
export const providerMain = join(repoRoot, 'infra', 'local', 'src', 'oidc', 'provider-main.ts');

/** `node tsx <provider-main>`: how the stack and the tests that need a provider of their own start one. */
export function providerCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: [require.resolve('tsx/cli'), '--conditions=@ledger/source', providerMain] };
}

/**
 * The local OpenID provider (`oidc-provider`, see src/oidc). It signs with keys kept in its data
 * directory. Pointing AUTH_ISSUER at another provider (Keycloak, Auth0…) leaves it unstarted.
 */
export function oidcProviderComponent(): Component {
  const paths = componentPaths('oidc-provider');
  const port = ports.oidc;
  const version = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'oidc-provider', 'package.json'), 'utf8')) as { version: string }).version;
  return {
    name: 'oidc-provider',
    version,
    paths,
    port,
    envVariable: 'AUTH_ISSUER',
    localUrl: `http://127.0.0.1:${port}`,
    stopSignal: 'SIGTERM',
    async install() {
      // An npm dependency: nothing to download or build.
    },
    async start() {
      mkdirSync(paths.dataDir, { recursive: true });
      const { command, args } = providerCommand();
      spawnDaemon({
        command,
        args,
        env: { ...process.env, LEDGER_OIDC_PORT: String(port), LEDGER_OIDC_KEYS: join(paths.dataDir, 'signing-keys.json') },
        logFile: paths.logFile,
        pidFile: paths.pidFile,
        identifiedBy: 'provider-main',
      });
      await this.waitReady(this.localUrl, 30_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => discover(url), { what: 'oidc-provider', timeoutMs, giveUpIf: exitedDuringStart(paths, 'provider') });
    },
  };
}

/** Ready when it publishes its discovery document, which is what the apps read first. */
async function discover(issuer: string): Promise<void> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
}
