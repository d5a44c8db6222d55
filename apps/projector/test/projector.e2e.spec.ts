import { freePort, startBuiltApp, type RunningApp } from '@ledger/platform/testing';
import { join } from 'node:path';

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
const main = join(__dirname, '..', 'dist', 'main.js');
const up: unknown = expect.objectContaining({ status: 'up' });
const brokerCount: unknown = expect.any(Number);
// The probe's facts show it asked a real broker, not just opened a socket.
const probedBrokers: unknown = expect.objectContaining({ brokers: brokerCount });
const kafkaUp: unknown = expect.objectContaining({ status: 'up', details: probedBrokers });

async function start(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  return startBuiltApp({ main, env: { ...process.env, HOST: '127.0.0.1', PROJECTOR_PORT: String(port), ...env } });
}

describe('projector, built and running against the local stack', () => {
  let app: RunningApp | undefined;

  beforeAll(async () => {
    app = await start({});
  });

  afterAll(async () => {
    await app?.stop();
  });

  const url = (path: string) => `${app?.url ?? 'http://not-started'}${path}`;

  it('is ready: /health answers 200 with Kafka, PostgreSQL and MongoDB up', async () => {
    const response = await fetch(url('/health'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up', checks: { kafka: kafkaUp, postgres: up, mongodb: up } });
  });

  it('serves Prometheus metrics including the HTTP request histogram', async () => {
    await fetch(url('/health'));
    const response = await fetch(url('/metrics'));

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      /http_request_duration_seconds_count\{app="projector",method="GET",route="\/health",status="200"\} [1-9]/,
    );
  });
});

describe('projector, started with every dependency unreachable', () => {
  it('starts anyway and reports each dependency down on /health', async () => {
    const closed = await freePort();
    const app = await start({
      KAFKA_BROKERS: `127.0.0.1:${closed}`,
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closed}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closed}/ledger`,
    });
    try {
      const response = await fetch(`${app.url}/health`);

      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'down',
        checks: { kafka: { status: 'down' }, postgres: { status: 'down' }, mongodb: { status: 'down' } },
      });
    } finally {
      await app.stop();
    }
  });
});
