import { freePort, startBuiltApp, type RunningApp } from '@ledger/platform/testing';
import { join } from 'node:path';

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
const main = join(__dirname, '..', 'dist', 'main.js');
const up: unknown = expect.objectContaining({ status: 'up' });

describe('query-api, built and running against the local stack', () => {
  let app: RunningApp | undefined;

  beforeAll(async () => {
    const port = await freePort();
    app = await startBuiltApp({ main, env: { ...process.env, HOST: '127.0.0.1', QUERY_API_PORT: String(port) } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const url = (path: string) => `${app?.url ?? 'http://not-started'}${path}`;

  it('is ready: /health answers 200 with PostgreSQL and MongoDB up', async () => {
    const response = await fetch(url('/health'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up', checks: { postgres: up, mongodb: up } });
  });

  it('serves Prometheus metrics including the HTTP request histogram', async () => {
    await fetch(url('/health'));
    const response = await fetch(url('/metrics'));

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      /http_request_duration_seconds_count\{app="query-api",method="GET",route="\/health",status="200"\} [1-9]/,
    );
  });
});
