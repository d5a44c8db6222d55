import { copyNameOf } from '@ledger/projections';
import { ownersCollection, portfolioCollection } from '@ledger/projections/accounts';
import { ProjectionVersions } from '@ledger/projections/postgres';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { MongoClient } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { seededRandom } from './account-load';
import { seedHistory, type SeededAccount } from './history-seed';
import { QueryPoller } from './query-poller';
import { expectedViews, foldFromStore, readModelViews, settledViews } from './read-model-check';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';
import { bearerFor, TEST_OPERATOR, withTestToken } from '@ledger/platform/testing';

const ACCOUNTS = 40;
const DEPOSITS_PER_ACCOUNT = 1_000;
const seed = Number(process.env['SYSTEM_TEST_SEED'] ?? Date.now() % 1_000_000);

interface RebuildStatus {
  readonly state: string;
  readonly processed: number;
  readonly total: number;
  readonly error: string | null;
}

/**
 * Rebuilds (ARCHITECTURE.md, "Replay") on the built apps: from a long history in the event store,
 * while commands keep coming and a client keeps reading, and through a projector killed midway.
 * Small batches keep each rebuild running for seconds, so there is a middle to be in.
 */
describe(`rebuilding read models on a live system (seed ${seed})`, () => {
  const env: Record<string, string> = { ...isolatedEnvironment(), PROJECTION_REBUILD_BATCH_SIZE: '100', PROJECTION_REBUILD_GRACE_SECONDS: '5' };
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const random = seededRandom(seed);
  const eventStoreSchema = env['EVENT_STORE_SCHEMA'] ?? '';
  const readModelSchema = env['READ_MODEL_SCHEMA'] ?? '';
  let accounts: SeededAccount[];

  const accountIds = () => accounts.map((account) => account.accountId);

  /** Waits until every read model equals the fold of the store, then says how they compare. */
  async function expectReadModelsToMatchTheStore(): Promise<void> {
    const expected = expectedViews(await foldFromStore(new PostgresEventStore({ pool, schema: eventStoreSchema }), accountIds()));
    const explain = async () => void process.stderr.write(`system after 90 s:\n${await system.diagnostics()}\n`);
    const actual = await settledViews(() => readModelViews(pool, readModelSchema, mongo, accountIds()), expected, 90_000, explain);
    expect(actual.summary).toEqual(expected.summary);
    expect(actual.transactions).toEqual(expected.transactions);
    expect(actual.portfolio).toEqual(expected.portfolio);
  }

  async function startRebuild(projection: string): Promise<string> {
    const response = await fetch(`${system.url('projector')}/projections/${projection}/rebuilds`, { method: 'POST', headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) });
    expect(response.status).toBe(202);
    return ((await response.json()) as { rebuildId: string }).rebuildId;
  }

  async function statusOf(projection: string, rebuildId: string): Promise<RebuildStatus> {
    const response = await fetch(`${system.url('projector')}/projections/${projection}/rebuilds/${rebuildId}`, { headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) });
    expect(response.status).toBe(200);
    return (await response.json()) as RebuildStatus;
  }

  async function finished(projection: string, rebuildId: string): Promise<RebuildStatus> {
    const ended = (status: RebuildStatus | undefined): status is RebuildStatus => status !== undefined && !['running', 'swapping'].includes(status.state);
    const what = `rebuild ${rebuildId} of ${projection} finished`;
    try {
      return await eventually(() => statusOf(projection, rebuildId).catch(() => undefined), ended, { what, timeoutMs: 120_000, intervalMs: 100 });
    } catch (error) {
      throw new Error(`${String(error)}:\n${await system.diagnostics()}`, { cause: error });
    }
  }

  /** Deposits at a steady pace (about 40 a second) until stopped: the live traffic a rebuild runs beside. */
  function steadyDeposits(signal: AbortSignal): Promise<number[]> {
    const statuses: number[] = [];
    const client = async () => {
      while (!signal.aborted) {
        const account = accounts[Math.floor(random() * accounts.length)];
        const response = await fetch(`${system.url('command-api')}/accounts/${account?.accountId ?? ''}/deposits`, {
          method: 'POST',
          headers: await withTestToken({ 'content-type': 'application/json' }),
          body: JSON.stringify({ amount: '1.00', currency: 'EUR' }),
        });
        await response.arrayBuffer();
        statuses.push(response.status);
        await sleep(50);
      }
    };
    return Promise.all([client(), client()]).then(() => statuses);
  }

  beforeAll(async () => {
    // The command API creates the event store's schema; the history goes in before the relay starts.
    await system.start('command-api');
    accounts = await seedHistory(pool, eventStoreSchema, ACCOUNTS, DEPOSITS_PER_ACCOUNT);
    await Promise.all((['event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
    await expectReadModelsToMatchTheStore();
  });

  afterAll(async () => {
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
  });

  it('rebuilds all three read models while commands keep coming: readers see only 200s and nothing going back, and the result is the fold of the store', async () => {
    const poller = new QueryPoller(system.url('query-api'), accounts, random);
    const load = new AbortController();
    poller.start();
    const deposits = steadyDeposits(load.signal);
    await sleep(500);

    const projections = ['account-summary', 'account-transactions', 'customer-portfolio'];
    const rebuildIds = await Promise.all(projections.map(startRebuild));
    const outcomes = await Promise.all(projections.map((projection, index) => finished(projection, rebuildIds[index] ?? '')));
    await sleep(500);
    load.abort();
    const statuses = await deposits;
    await expectReadModelsToMatchTheStore();
    await poller.stop();

    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ state: 'completed', error: null });
      expect(outcome.processed).toBeGreaterThanOrEqual(ACCOUNTS * (DEPOSITS_PER_ACCOUNT + 1));
    }
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(poller.reads).toBeGreaterThan(50);
    expect(poller.failures).toEqual([]);
    expect(poller.regressions).toEqual([]);
  });

  it('resumes a rebuild after its projector was killed with SIGKILL midway, and leaves no copy behind', async () => {
    const poller = new QueryPoller(system.url('query-api'), accounts, random);
    poller.start();
    const rebuildId = await startRebuild('account-transactions');
    let before: RebuildStatus = await statusOf('account-transactions', rebuildId);
    while (before.state === 'running' && before.processed === 0) before = await statusOf('account-transactions', rebuildId);

    await system.crashAndRestart('projector');
    const outcome = await finished('account-transactions', rebuildId);
    await poller.stop();

    expect(before).toMatchObject({ state: 'running' });
    expect(before.processed).toBeLessThan(before.total);
    expect(outcome).toMatchObject({ state: 'completed', error: null });
    expect(system.logLines('projector').some((line) => line.includes('resuming an interrupted rebuild') && line.includes(rebuildId))).toBe(true);
    expect(poller.failures).toEqual([]);
    expect(poller.regressions).toEqual([]);
    await expectReadModelsToMatchTheStore();
    // The retired copies go once their grace period (5 s here) is over; no shadow is left.
    const tables = async () =>
      (await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [readModelSchema])).rows.map((row) => row.table_name);
    const shadows = async () => (await tables()).filter((table) => table.includes('__'));
    expect(await eventually(shadows, (names) => names.length === 0, { timeoutMs: 20_000, intervalMs: 250 })).toEqual([]);
    // The portfolio, rebuilt in the first test, lives in a copy the pointer names; nothing else is left.
    const liveCopy = await new ProjectionVersions(readModelSchema).liveCopy(pool, 'customer-portfolio');
    const collections = (await mongo.db().listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name).sort();
    expect(liveCopy).not.toBe('');
    expect(collections).toEqual([copyNameOf(ownersCollection, liveCopy), copyNameOf(portfolioCollection, liveCopy)]);
  });
});
