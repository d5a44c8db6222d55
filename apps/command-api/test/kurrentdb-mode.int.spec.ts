import { accountStreamId } from '@ledger/domain';
import { KurrentDbEventStore } from '@ledger/event-store/kurrentdb';
import { kurrentDbForTests, type KurrentDbStandIn } from '@ledger/kurrentdb-stand-in';
import { createApp, loadConfig } from '@ledger/platform';
import { bearerFor, TEST_TELLER } from '@ledger/platform/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandApiConfigSchema } from '../src/command-api.config';
import { commandApiDefinition } from '../src/command-api.definition';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';

/**
 * The command API with EVENT_STORE=kurrentdb: the same HTTP behaviour, the events in KurrentDB
 * (the project's gRPC test stand-in, or the real server KURRENTDB_URL names).
 */
describe('command API on KurrentDB', () => {
  let server: KurrentDbStandIn;
  let store: KurrentDbEventStore;
  let app: NestFastifyApplication;
  let closing: Promise<void> | undefined;

  beforeAll(async () => {
    server = await kurrentDbForTests();
    store = new KurrentDbEventStore({ connectionString: server.url });
    const config = loadConfig(commandApiConfigSchema, { ...process.env, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: server.url, LOG_LEVEL: 'silent' });
    app = await createApp(commandApiDefinition(config));
  });

  afterAll(async () => {
    if (closing === undefined) await app.close();
    await store.close();
    await server.close();
  });

  const post = async (url: string, payload: object, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'POST', url, payload, headers: { ...(await bearerFor(TEST_TELLER.subject, TEST_TELLER.roles)), ...headers } });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>(), headers: response.headers };
  };

  it('is up on /health, its eventStore line reading KurrentDB', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });

    expect(response.json()).toMatchObject({ checks: { eventStore: { status: 'up', details: { adapter: 'kurrentdb' } } } });
  });

  it('appends commands to KurrentDB and answers with its positions', async () => {
    const opened = await post('/accounts', { ownerId, currency: 'EUR' });
    const accountId = String(opened.body['accountId']);
    const deposited = await post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' });
    const refused = await post(`/accounts/${accountId}/withdrawals`, { amount: '50', currency: 'EUR' });
    const stale = await post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' }, { 'if-match': '"0"' });

    expect([opened.status, deposited.status, refused.status, stale.status]).toEqual([201, 201, 422, 412]);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    const events = await store.readStream(accountStreamId(accountId), { direction: 'forwards' });
    expect(events.map((event) => [event.type, event.streamRevision])).toEqual([
      ['ledger.account.opened', 0n],
      ['ledger.account.money-deposited', 1n],
    ]);
    expect(deposited.body).toMatchObject({ revision: 1, position: String(events[1]?.position) });
  });

  it('replays an Idempotency-Key repeat from KurrentDB without a second event, and refuses the key with another body', async () => {
    const accountId = String((await post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);
    const headers = { 'idempotency-key': `key-${randomUUID()}` };

    const first = await post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers);
    const again = await post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers);
    const reused = await post(`/accounts/${accountId}/deposits`, { amount: '11', currency: 'EUR' }, headers);

    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await store.readStream(accountStreamId(accountId), { direction: 'forwards' })).toHaveLength(2);
  });

  // Last: it closes the app. Shutdown waits for the KurrentDB client to close, which must not hang.
  it('shuts down, closing its KurrentDB client, after the replays above', async () => {
    closing = app.close();

    await expect(Promise.race([closing.then(() => 'closed'), sleep(5_000, 'still closing after 5 s')])).resolves.toBe('closed');
  });
});
