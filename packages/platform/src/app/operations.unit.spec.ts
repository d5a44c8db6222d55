import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthChecks } from '../health/health-checks';
import { createApp } from './create-app';

@Controller('accounts')
class AccountsController {
  @Get(':id')
  find() {
    return { found: true };
  }

  @Post(':id/close')
  @HttpCode(200)
  close() {
    return { closed: true };
  }
}

/** How often a dependency was asked: liveness must never ask. */
let checksRun = 0;

@Module({ controllers: [AccountsController] })
class TestModule {
  constructor(healthChecks: HealthChecks) {
    healthChecks.register({ name: 'postgres', check: () => Promise.resolve({ version: '18' }) });
    healthChecks.register({
      name: 'kafka',
      check: () => {
        checksRun += 1;
        return Promise.reject(new Error('connection refused'));
      },
    });
  }
}

const aNumber: unknown = expect.any(Number);
const anObject: unknown = expect.any(Object);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('operational endpoints and logs of an app built by createApp', () => {
  let app: NestFastifyApplication;
  const logLines: string[] = [];
  const logs = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    app = await createApp({
      name: 'ops-api',
      rootModule: TestModule,
      config: { host: '127.0.0.1', port: 3000, logLevel: 'info' },
      openApi: { title: 'Ops API' },
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['/health/ready', '/health'])('reports each dependency on %s, with 503 while one is down', async (url) => {
    const response = await app.inject({ method: 'GET', url });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'down',
      checks: {
        postgres: { status: 'up', latencyMs: aNumber, details: { version: '18' } },
        kafka: { status: 'down', latencyMs: aNumber, error: 'connection refused' },
      },
    });
  });

  it('is live on /health/live while a dependency is down, without asking any', async () => {
    const asked = checksRun;
    const response = await app.inject({ method: 'GET', url: '/health/live' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'up' });
    expect(checksRun).toBe(asked);
  });

  it('exposes Prometheus metrics with request durations by route template, not raw URL', async () => {
    await app.inject({ method: 'GET', url: '/accounts/a-1' });
    await app.inject({ method: 'GET', url: '/accounts/a-2' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('process_cpu_user_seconds_total{app="ops-api"}');
    expect(response.body).toContain(
      'http_request_duration_seconds_count{app="ops-api",method="GET",route="/accounts/:id",status="200"} 2',
    );
    expect(response.body).toContain(
      'http_request_duration_seconds_count{app="ops-api",method="GET",route="unmatched",status="404"} 1',
    );
    expect(response.body).not.toContain('/no/such/route');
  });

  it('serves its OpenAPI document at /docs/json and the UI at /docs', async () => {
    const document = await app.inject({ method: 'GET', url: '/docs/json' });
    const ui = await app.inject({ method: 'GET', url: '/docs' });

    expect(document.statusCode).toBe(200);
    expect(document.json()).toMatchObject({
      info: { title: 'Ops API' },
      paths: { '/health': anObject, '/health/live': anObject, '/health/ready': anObject, '/accounts/{id}': anObject },
    });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
  });

  it('says in its OpenAPI document what request bodies must be, with a 400 on every operation that reads one', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{
      info: { description: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();

    expect(document.info.description).toMatch(/JSON only.*415.*64 KiB 413.*Nesting deeper than 32 levels.*repeated member name.*unknown field get 400 `VALIDATION_FAILED`/);
    expect(document.paths['/accounts/{id}/close']?.['post']?.responses['400']).toMatchObject({ description: expect.stringMatching(/VALIDATION_FAILED/) as unknown });
    expect(document.paths['/accounts/{id}']?.['get']?.responses['400']).toBeUndefined();
  });

  it('echoes the correlation id on successful responses and generates one when missing or unusable', async () => {
    const given = await app.inject({ method: 'GET', url: '/accounts/a-1', headers: { 'x-correlation-id': 'trace-ok' } });
    const missing = await app.inject({ method: 'GET', url: '/accounts/a-1' });
    const unusable = await app.inject({ method: 'GET', url: '/accounts/a-1', headers: { 'x-correlation-id': 'a b' } });

    expect(given.headers['x-correlation-id']).toBe('trace-ok');
    expect(missing.headers['x-correlation-id']).toMatch(uuid);
    expect(unusable.headers['x-correlation-id']).toMatch(uuid);
  });

  it("logs JSON lines, Nest's own included, and one line per request with its correlation id, method, url and status", async () => {
    await app.inject({ method: 'GET', url: '/accounts/a-1', headers: { 'x-correlation-id': 'trace-log' } });

    expect(logs()).toContainEqual(expect.objectContaining({ context: 'NestApplication', 'log.level': 'info', 'service.name': 'ops-api' }));
    const requestLines = logs().filter((line) => line['correlationId'] === 'trace-log');
    expect(requestLines).toEqual([
      expect.objectContaining({
        message: 'request completed',
        'service.name': 'ops-api',
        http: { request: { method: 'GET' }, response: { status_code: 200 } },
        url: { original: '/accounts/a-1', path: '/accounts/a-1' },
      }),
    ]);
  });
});
