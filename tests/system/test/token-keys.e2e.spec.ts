import { eventually } from '@ledger/event-store/testing';
import { requestDevelopmentToken } from '@ledger/platform';
import { freePort, startBuiltApp, type RunningApp } from '@ledger/platform/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';

const repoRoot = join(__dirname, '..', '..', '..');

/** A private instance of the stack's OpenID provider (infra/local/src/oidc), on its own port and keys file. */
async function startProvider(port: number, keysFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra/local/src/oidc/provider-main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, LEDGER_OIDC_PORT: String(port), LEDGER_OIDC_KEYS: keysFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const exited = once(child, 'exit').then(() => {
    throw new Error('the OpenID provider exited before listening');
  });
  await Promise.race([once(lines, 'line'), exited]);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Key rotation as a provider does it: a new signing key first, the old ones still published. */
async function rotate(keysFile: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `rotated-${randomUUID()}`;
  const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as { keys: unknown[] };
  writeFileSync(keysFile, JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }, ...keys.keys] }));
  return kid;
}

const kidOf = (token: string): unknown => (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;

/**
 * The apps fetch the issuer's keys (JWKS) and keep them: a key the provider rotates in is picked up
 * on the first token that names it, without a restart, and the tokens of the previous key stay
 * valid; while the keys cannot be fetched at all, the answer is 503, not 401.
 */
describe('token signing keys, with a private OpenID provider', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-oidc-'));
  const keysFile = join(folder, 'signing-keys.json');
  const schema = `token_keys_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let port: number;
  let issuer: string;
  let provider: ChildProcess | undefined;
  let api: RunningApp | undefined;

  const startApi = async (): Promise<RunningApp> => {
    const app = await startBuiltApp({
      main: join(repoRoot, 'apps/command-api/dist/main.js'),
      env: { ...process.env, HOST: '127.0.0.1', COMMAND_API_PORT: String(await freePort()), AUTH_ISSUER: issuer, EVENT_STORE_SCHEMA: schema },
    });
    // It migrates its schema after it listens; commands wait for that.
    await eventually(async () => (await fetch(`${app.url}/health/ready`)).status, (status) => status === 200, { what: 'the command API is ready' });
    return app;
  };
  // A deposit to an account that does not exist: 404 once the token is accepted, 401 if it is not.
  const depositWith = async (app: RunningApp, token: string): Promise<{ status: number; code: unknown; retryAfter: string | null }> => {
    const response = await fetch(`${app.url}/accounts/${randomUUID()}/deposits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ amount: '1', currency: 'EUR' }),
    });
    return { status: response.status, code: ((await response.json()) as { code?: unknown }).code, retryAfter: response.headers.get('retry-after') };
  };

  beforeAll(async () => {
    port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    provider = await startProvider(port, keysFile);
    api = await startApi();
  });
  afterAll(async () => {
    await api?.stop();
    if (provider !== undefined) await stop(provider);
    rmSync(folder, { recursive: true, force: true });
    const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('accepts a token of a key rotated in after the app fetched the keys, and still the previous key’s', async () => {
    if (api === undefined || provider === undefined) throw new Error('not started');
    const before = await requestDevelopmentToken(issuer, { subject: 'rotation', roles: ['teller'] });
    expect(await depositWith(api, before)).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });

    await stop(provider);
    const kid = await rotate(keysFile);
    provider = await startProvider(port, keysFile);
    const after = await requestDevelopmentToken(issuer, { subject: 'rotation', roles: ['teller'] });
    expect(kidOf(after)).toBe(kid);

    // The app refetches for an unknown key id at most every 5 s after its last fetch: poll past that.
    const deadline = Date.now() + 20_000;
    let answer = await depositWith(api, after);
    while (answer.status === 401 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      answer = await depositWith(api, after);
    }
    expect(answer).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
    expect(await depositWith(api, before)).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
  });

  it('answers 503 AUTHENTICATION_UNAVAILABLE with Retry-After while the issuer’s keys cannot be fetched, and serves once they can', async () => {
    if (provider === undefined) throw new Error('not started');
    const token = await requestDevelopmentToken(issuer, { subject: 'outage', roles: ['teller'] });
    await stop(provider);
    const fresh = await startApi();
    try {
      expect(await depositWith(fresh, token)).toEqual({ status: 503, code: 'AUTHENTICATION_UNAVAILABLE', retryAfter: '5' });

      provider = await startProvider(port, keysFile);
      // A failed fetch of the keys stands for 5 s, so an outage is not hammered with fetches.
      const served = await eventually(() => depositWith(fresh, token), (answer) => answer.status !== 503, { what: 'the keys are fetched again', timeoutMs: 15_000, intervalMs: 250 });
      expect(served).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
    } finally {
      await fresh.stop();
    }
  });
});
