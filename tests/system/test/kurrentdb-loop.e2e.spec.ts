import { accountStreamId } from '@ledger/domain';
import { KurrentDbEventStore } from '@ledger/event-store/kurrentdb';
import { eventually } from '@ledger/event-store/testing';
import { kurrentDbForTests, type KurrentDbStandIn } from '@ledger/kurrentdb-stand-in';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { accountTraffic, seededRandom, sendAll } from './account-load';
import { expectedViews, foldFromStore, readModelViews, settledViews } from './read-model-check';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';
import { bearerFor, TEST_OPERATOR, withTestToken } from '@ledger/platform/testing';

const ACCOUNTS = 20;
const COMMANDS = 300;
const seed = Number(process.env['SYSTEM_TEST_SEED'] ?? Date.now() % 1_000_000);

/**
 * The whole loop with EVENT_STORE=kurrentdb: the command API appends to KurrentDB (the project's
 * gRPC test stand-in, or the real server KURRENTDB_URL names), the relay follows its
 * `$all`, and rebuilds read it. Nothing else changes, and the read models must still equal the fold.
 */
describe(`the full loop on KurrentDB (seed ${seed})`, () => {
  let server: KurrentDbStandIn;
  let store: KurrentDbEventStore;
  let env: Record<string, string>;
  let system: RunningSystem;
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  let mongo: MongoClient;
  const random = seededRandom(seed);

  beforeAll(async () => {
    server = await kurrentDbForTests();
    env = { ...isolatedEnvironment(), EVENT_STORE: 'kurrentdb', KURRENTDB_URL: server.url, PROJECTION_REBUILD_GRACE_SECONDS: '5' };
    system = new RunningSystem(env);
    mongo = new MongoClient(env['MONGODB_URL'] ?? '');
    store = new KurrentDbEventStore({ connectionString: server.url });
    await Promise.all((['command-api', 'event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
  });

  afterAll(async () => {
    await system.stopAll();
    await store.close();
    await server.close();
    await disposeEnvironment(env, pool, mongo);
  });

  async function expectReadModelsToMatchTheStore(accountIds: readonly string[]): Promise<void> {
    const expected = expectedViews(await foldFromStore(store, accountIds));
    const explain = async () => void process.stderr.write(`system after 60 s:\n${await system.diagnostics()}\n`);
    const actual = await settledViews(() => readModelViews(pool, env['READ_MODEL_SCHEMA'] ?? '', mongo, accountIds), expected, 60_000, explain);
    expect(actual.summary).toEqual(expected.summary);
    expect(actual.transactions).toEqual(expected.transactions);
    expect(actual.portfolio).toEqual(expected.portfolio);
  }

  it(`${COMMANDS} commands through the command API, the relay (killed once) and the projector end in read models equal to the fold of KurrentDB; a rebuild reads it too`, async () => {
    const commandApi = system.url('command-api');
    const accountIds = Array.from({ length: ACCOUNTS }, () => randomUUID());
    const ownerIds = Array.from({ length: 4 }, () => randomUUID());
    const openings = accountIds.map((accountId, i) => ({ path: '/accounts', body: { accountId, ownerId: ownerIds[i % ownerIds.length] ?? '', currency: 'EUR' } }));
    expect([...(await sendAll(commandApi, openings, 4)).keys()]).toEqual([201]);
    const load = sendAll(commandApi, accountTraffic(random, accountIds, COMMANDS), 4);
    await sleep(500);
    await system.crashAndRestart('event-relay');
    const statuses = await load;

    expect([...statuses.keys()].filter((status) => ![200, 201, 422].includes(status))).toEqual([]);
    await expectReadModelsToMatchTheStore(accountIds);

    const started = await fetch(`${system.url('projector')}/projections/account-transactions/rebuilds`, { method: 'POST', headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) });
    expect(started.status).toBe(202);
    const { rebuildId } = (await started.json()) as { rebuildId: string };
    const stateOfRebuild = async () =>
      ((await (await fetch(`${system.url('projector')}/projections/account-transactions/rebuilds/${rebuildId}`, { headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) })).json()) as { state: string }).state;
    const state = await eventually(stateOfRebuild, (seen) => !['running', 'swapping'].includes(seen), { what: 'the rebuild ended', timeoutMs: 60_000, intervalMs: 100 });
    expect(state).toBe('completed');
    await expectReadModelsToMatchTheStore(accountIds);
  });

  it('answers an Idempotency-Key repeat with the first response, without a second event', async () => {
    const accountId = randomUUID();
    const open = await fetch(`${system.url('command-api')}/accounts`, {
      method: 'POST',
      headers: await withTestToken({ 'content-type': 'application/json' }),
      body: JSON.stringify({ accountId, ownerId: randomUUID(), currency: 'EUR' }),
    });
    expect(open.status).toBe(201);
    const deposit = async () =>
      fetch(`${system.url('command-api')}/accounts/${accountId}/deposits`, {
        method: 'POST',
        headers: await withTestToken({ 'content-type': 'application/json', 'idempotency-key': `key-${accountId}` }),
        body: JSON.stringify({ amount: '5.00', currency: 'EUR' }),
      });

    const first = await deposit();
    const again = await deposit();

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await store.readStream(accountStreamId(accountId), { direction: 'forwards' })).toHaveLength(2);
  });
});
