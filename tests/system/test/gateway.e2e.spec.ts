import { eventually } from '@ledger/event-store/testing';
import { bearerFor, freePort, TEST_OPERATOR, withTestToken } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../../infra/local/src/gateway/gateway';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';

/** One line of the gateway's access log (nginx-config.ts, `log_format ledger_gateway`). */
interface AccessLine {
  readonly method: string;
  readonly uri: string;
  readonly status: number;
  readonly route: string;
  readonly upstream: string;
  readonly upstreamStatus: string;
  readonly correlationId: string;
}

/**
 * The nginx gateway (infra/local/src/gateway) in front of the four built apps: real nginx, real
 * apps, one isolated environment. Each request carries its own X-Correlation-Id, so the access
 * log line that says where it went is found by it.
 */
describe('the gateway in front of the apps', () => {
  const env = isolatedEnvironment();
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const dataRoot = mkdtempSync(join(tmpdir(), 'ledger-gateway-'));
  const gateways: RunningGateway[] = [];
  let gateway: RunningGateway;
  let accountId: string;

  const start = async (options: Partial<GatewayOptions> = {}): Promise<RunningGateway> => {
    const started = await startGateway({
      commandApis: [system.address('command-api')],
      queryApis: [system.address('query-api')],
      projectors: [system.address('projector')],
      dataDir: join(dataRoot, String(gateways.length)),
      ...options,
    });
    gateways.push(started);
    return started;
  };

  beforeAll(async () => {
    // The command API migrates the event store; the others may start together after it.
    await system.start('command-api');
    await Promise.all([system.start('query-api'), system.start('projector'), system.start('event-relay')]);
    gateway = await start();
    accountId = randomUUID();
    const opened = await send(gateway, 'POST', '/accounts', { body: { accountId, ownerId: 'gateway-owner', currency: 'EUR' } });
    expect(opened.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all(gateways.map((running) => running.stop()));
    rmSync(dataRoot, { recursive: true, force: true });
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
  });

  it('sends writes to the command API and reads to the query API: a deposit through it is read back through it', async () => {
    const deposit = await send(gateway, 'POST', `/accounts/${accountId}/deposits`, { body: { amount: '25.00', currency: 'EUR' } });
    expect(deposit.status).toBe(201);
    const { revision } = (await deposit.json()) as { revision: number };
    const read = await send(gateway, 'GET', `/accounts/${accountId}?minRevision=${revision}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ accountId, balance: '25.00', revision });
    const head = await send(gateway, 'HEAD', `/accounts/${accountId}`);
    expect(head.status).toBe(200);

    expect(await logLineOf(gateway, deposit)).toMatchObject({ route: 'write', upstream: system.address('command-api'), upstreamStatus: '201' });
    expect(await logLineOf(gateway, read)).toMatchObject({ route: 'read', upstream: system.address('query-api'), upstreamStatus: '200' });
    expect(await logLineOf(gateway, head)).toMatchObject({ method: 'HEAD', upstream: system.address('query-api') });
  });

  it('passes /admin/… to the projector without the prefix, and its console stream as it comes', async () => {
    const operator = await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles);
    const projections = await send(gateway, 'GET', '/admin/projections', { headers: operator });
    expect(projections.status).toBe(200);
    const { items } = (await projections.json()) as { items: { name: string }[] };
    expect(items.map((item) => item.name)).toContain('account-summary');
    expect(await logLineOf(gateway, projections)).toMatchObject({ uri: '/admin/projections', upstream: system.address('projector') });

    // The first snapshot comes at once; a buffering proxy would hold it back.
    const began = Date.now();
    const stream = await fetch(`${gateway.url}/admin/console/stream`, { headers: operator, signal: AbortSignal.timeout(10_000) });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body?.getReader();
    let text = '';
    while (reader !== undefined && !text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    await reader?.cancel();
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('adds an X-Correlation-Id when the client sent none and keeps the one it sent, for the app too', async () => {
    const given = `gateway-test-${randomUUID()}`;
    const kept = await fetch(`${gateway.url}/accounts/${accountId}`, { headers: await withTestToken({ 'x-correlation-id': given }) });
    expect(kept.headers.get('x-correlation-id')).toBe(given);

    const added = await fetch(`${gateway.url}/accounts/${accountId}`, { headers: await withTestToken() });
    const made = added.headers.get('x-correlation-id') ?? '';
    expect(made).toMatch(/^[0-9a-f]{32}$/);
    // The app logged each request under the id the gateway sent it (the line follows the answer).
    const logged = (id: string) => eventually(() => system.logLines('query-api').some((line) => line.includes(`"correlationId":"${id}"`)), { what: `the query API's log line for ${id}`, timeoutMs: 5_000 });
    await logged(given);
    await logged(made);
  });

  it('refuses a body over 64 KiB with a 413 problem before any app sees it', async () => {
    const tooLarge = await send(gateway, 'POST', `/accounts/${accountId}/deposits`, { rawBody: paddedBody(65_537) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await tooLarge.json()).toMatchObject({ type: 'urn:ledger:problem:payload-too-large', status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await logLineOf(gateway, tooLarge)).toMatchObject({ status: 413, upstream: '' });

    // 64 KiB exactly is the apps' to judge (an unknown field: their 400).
    const atLimit = await send(gateway, 'POST', `/accounts/${accountId}/deposits`, { rawBody: paddedBody(65_536) });
    expect(atLimit.status).toBe(400);
    expect(await logLineOf(gateway, atLimit)).toMatchObject({ upstream: system.address('command-api'), upstreamStatus: '400' });
  });

  it('answers 429 with Retry-After once a client passes its rate, and counts each token on its own', async () => {
    const limited = await start({ requestsPerSecond: 1, burst: 2 });
    const first = await bearerFor('gateway-client-1', ['teller']);
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await send(limited, 'GET', `/accounts/${accountId}`, { headers: first }));
    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.map((answer) => answer.status).slice(0, 3)).toEqual([200, 200, 200]);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    const [one] = refused;
    expect(one?.headers.get('retry-after')).toBe('1');
    expect(one?.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await one?.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 1 });

    const second = await send(limited, 'GET', `/accounts/${accountId}`, { headers: await bearerFor('gateway-client-2', ['teller']) });
    expect(second.status).toBe(200);
  });

  it('sends a write with an Idempotency-Key to the next command API when the first is down, and never one without', async () => {
    const nothingListens = `127.0.0.1:${await freePort()}`;
    const live = system.address('command-api');
    const retrying = await start({ commandApis: [nothingListens, live], queryApis: [nothingListens, system.address('query-api')] });
    const keyed = await send(retrying, 'POST', `/accounts/${accountId}/deposits`, { body: { amount: '1.00', currency: 'EUR' }, headers: { 'idempotency-key': randomUUID() } });
    expect(keyed.status).toBe(201);
    expect(await logLineOf(retrying, keyed)).toMatchObject({ route: 'keyed-write', upstream: `${nothingListens}, ${live}`, upstreamStatus: '502, 201' });
    // Reads are retried as well.
    const read = await send(retrying, 'GET', `/accounts/${accountId}`);
    expect(read.status).toBe(200);
    expect((await logLineOf(retrying, read)).upstream).toBe(`${nothingListens}, ${system.address('query-api')}`);

    // A fresh gateway starts its round robin at the first instance again.
    const plain = await start({ commandApis: [nothingListens, live] });
    const unkeyed = await send(plain, 'POST', `/accounts/${accountId}/deposits`, { body: { amount: '1.00', currency: 'EUR' } });
    expect(unkeyed.status).toBe(503);
    expect(unkeyed.headers.get('retry-after')).toBe('2');
    expect(unkeyed.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await unkeyed.json()).toMatchObject({ type: 'urn:ledger:problem:service-unavailable', status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(await logLineOf(plain, unkeyed)).toMatchObject({ route: 'write', upstream: nothingListens, upstreamStatus: '502' });
  });

  /** Where the access log says this response's request went (found by its correlation id). */
  async function logLineOf(running: RunningGateway, response: Response): Promise<AccessLine> {
    const id = response.headers.get('x-correlation-id');
    // nginx writes the line when it is done with the request, which may be just after the answer.
    const line = await eventually(
      () => readAccessLog(running).find((candidate) => candidate.correlationId === id),
      (found): found is AccessLine => found !== undefined,
      { what: `the access log line for ${id ?? 'a response without X-Correlation-Id'} in ${running.accessLog}`, timeoutMs: 5_000, intervalMs: 20 },
    );
    return line;
  }
});

function readAccessLog(running: RunningGateway): AccessLine[] {
  return readFileSync(running.accessLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AccessLine);
}

interface SendOptions {
  readonly body?: Record<string, unknown>;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

/** A request through the gateway as the test teller (unless `headers` carry another token), with an id of its own. */
async function send(gateway: RunningGateway, method: string, path: string, options: SendOptions = {}): Promise<Response> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers = await withTestToken({
    'x-correlation-id': `gateway-test-${randomUUID()}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  });
  return fetch(`${gateway.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

/** A JSON deposit body of exactly `bytes` bytes, padded with an unknown field. */
function paddedBody(bytes: number): string {
  const shell = JSON.stringify({ amount: '1.00', currency: 'EUR', padding: '' });
  return shell.replace('"padding":""', `"padding":"${'x'.repeat(bytes - shell.length)}"`);
}
