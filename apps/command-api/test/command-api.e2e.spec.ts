import { freePort, runBuiltAppToExit, startBuiltApp, type RunningApp } from '@ledger/platform/testing';
import { join } from 'node:path';

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
const main = join(__dirname, '..', 'dist', 'main.js');
const up: unknown = expect.objectContaining({ status: 'up' });

async function start(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  return startBuiltApp({ main, env: { ...process.env, HOST: '127.0.0.1', COMMAND_API_PORT: String(port), ...env } });
}

describe('command-api, built and running against the local stack', () => {
  let app: RunningApp | undefined;

  beforeAll(async () => {
    app = await start({});
  });

  afterAll(async () => {
    await app?.stop();
  });

  const url = (path: string) => `${app?.url ?? 'http://not-started'}${path}`;

  it('is ready: /health answers 200 with PostgreSQL up', async () => {
    const response = await fetch(url('/health'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up', checks: { postgres: up } });
  });

  it('serves Prometheus metrics including the HTTP request histogram', async () => {
    await fetch(url('/health'));
    const response = await fetch(url('/metrics'));

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      /http_request_duration_seconds_count\{app="command-api",method="GET",route="\/health",status="200"\} [1-9]/,
    );
  });
});

describe('command-api, started in a broken environment', () => {
  it('still starts when PostgreSQL is unreachable, and reports it down on /health', async () => {
    const closedPort = await freePort();
    const app = await start({ DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger` });
    try {
      const response = await fetch(`${app.url}/health`);

      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'down', checks: { postgres: { status: 'down' } } });
    } finally {
      await app.stop();
    }
  });

  it('closes cleanly on SIGTERM: exit code 0 after a "stopped" log line', async () => {
    const app = await start({});

    await expect(app.stop()).resolves.toBe(0);
    expect(app.output().some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('refuses to start with an invalid variable, naming it on one stderr line', async () => {
    const result = await runBuiltAppToExit({ main, env: { ...process.env, COMMAND_API_PORT: 'abc' } });

    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      'command-api: Invalid configuration: COMMAND_API_PORT: "abc" is not a port (1-65535)',
    ]);
    expect(result.stdout).toEqual([]);
  });
});
