import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { pingThroughout } from '@ledger/projections/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import { seededRandom, sendAll } from './account-load';
import { expectedViews, foldFromStore, readModelViews } from './read-model-check';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';

const OWNERS = 200;
const CLIENTS = 16;
const SOAK_SECONDS = Number(process.env['LEDGER_SOAK_SECONDS'] ?? 240);
const seed = Number(process.env['SYSTEM_TEST_SEED'] ?? Date.now() % 1_000_000);

/**
 * The soak of issue 25 (opt-in: `npm run test:soak`, about 5 minutes): the four built apps on the
 * shared MongoDB-wire server, one account per owner for 200 owners, and 16 clients sending keyed
 * deposits (retried with the same key on any failure, as a real client does) for 4 minutes
 * (LEDGER_SOAK_SECONDS). The server is pinged throughout: one failed ping fails the soak. At the
 * end every portfolio equals the fold of the event store.
 */
describe(`MongoDB-wire soak: ${OWNERS} owners, ${CLIENTS} keyed clients, ${SOAK_SECONDS} s (seed ${seed})`, () => {
  const env: Record<string, string> = isolatedEnvironment();
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const random = seededRandom(seed);

  beforeAll(async () => {
    await system.start('command-api');
    await Promise.all((['event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
  });
  afterAll(async () => {
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
  });

  it('keeps answering every ping, and every portfolio is exact at the end', async () => {
    const commandApi = system.url('command-api');
    const accountIds = Array.from({ length: OWNERS }, () => randomUUID());
    const openings = accountIds.map((accountId) => ({ path: '/accounts', body: { accountId, ownerId: randomUUID(), currency: 'EUR' } }));
    expect([...(await sendAll(commandApi, openings, CLIENTS)).keys()]).toEqual([201]);
    const pings = pingThroughout(process.env['MONGODB_URL'] ?? '');

    const until = Date.now() + SOAK_SECONDS * 1_000;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < until) {
          const accountId = accountIds[Math.floor(random() * accountIds.length)] ?? '';
          const status = await depositWithRetries(commandApi, accountId, (1 + Math.floor(random() * 9_999)) / 100);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );

    const truths = await foldFromStore(new PostgresEventStore({ pool, schema: env['EVENT_STORE_SCHEMA'] ?? '' }), accountIds);
    const expected = expectedViews(truths).portfolio;
    const portfolio = await eventually(
      async () => (await readModelViews(pool, env['READ_MODEL_SCHEMA'] ?? '', mongo, accountIds)).portfolio,
      (actual) => isDeepStrictEqual(actual, expected),
      { timeoutMs: 120_000, intervalMs: 500 },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await system.diagnostics()}`);
    });
    const failures = await pings.stop();
    const deposits = statuses.get(201) ?? 0;
    process.stdout.write(`soak: ${deposits} deposits in ${SOAK_SECONDS} s (${Math.round(deposits / SOAK_SECONDS)}/s), ${pings.answered} pings answered\n`);

    expect(failures).toEqual([]);
    expect([...statuses.keys()]).toEqual([201]);
    expect(portfolio).toEqual(expected);
  });
});

/** One keyed deposit, sent again with the same key until it gets an answer that is not 5xx. */
async function depositWithRetries(baseUrl: string, accountId: string, amount: number): Promise<number> {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const status = await fetch(`${baseUrl}/accounts/${accountId}/deposits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ amount: amount.toFixed(2), currency: 'EUR' }),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if ((status > 0 && status < 500) || attempt >= 20) return status;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}
