import { accountStreamId } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { accountTraffic, seededRandom, sendAll } from './account-load';
import { expectedViews, foldFromStore, readModelViews, settledViews } from './read-model-check';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';
import { bearerFor } from '@ledger/platform/testing';

const ACCOUNTS = 60;
const COMMANDS = 1_100;
const CLIENTS = 8;
const seed = Number(process.env['SYSTEM_TEST_SEED'] ?? Date.now() % 1_000_000);

/**
 * The promise of the whole architecture (ARCHITECTURE.md): commands become events, the relay
 * puts them on Kafka, projectors build three read models — and crashes lose or double nothing.
 * Two projector instances share the partitions. The relay and each projector instance are
 * killed with SIGKILL at random moments under load (once both projectors at the same time) and
 * restarted; once the system drains, every read model must equal the fold of the event store.
 */
describe(`the full loop under crashes (seed ${seed})`, () => {
  // Debug logs carry each applied event's correlation id and trace context (checked below).
  const env: Record<string, string> = { ...isolatedEnvironment(), LOG_LEVEL: 'debug' };
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const random = seededRandom(seed);

  beforeAll(async () => {
    // The command API creates the event store's schema; the others read it.
    await system.start('command-api');
    await Promise.all((['event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
    await system.start('projector', 1);
  });

  afterAll(async () => {
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
  });

  type Victim = 'event-relay' | 'projector#0' | 'projector#1' | 'both projectors';
  const crash = async (victim: Victim): Promise<void> => {
    if (victim === 'event-relay') await system.crashAndRestart('event-relay');
    else if (victim === 'both projectors') await Promise.all([system.crashAndRestart('projector', 0), system.crashAndRestart('projector', 1)]);
    else await system.crashAndRestart('projector', victim === 'projector#0' ? 0 : 1);
  };

  /**
   * Kills the relay and the projector instances at random moments while `done` is pending, and
   * each at least twice in any case (a kill while they catch up after the load is just as telling).
   */
  async function crashWhile(done: Promise<unknown>): Promise<Record<Victim, number>> {
    const kills: Record<Victim, number> = { 'event-relay': 0, 'projector#0': 0, 'projector#1': 0, 'both projectors': 0 };
    let finished = false;
    void done.finally(() => (finished = true));
    const first: readonly Victim[] = ['event-relay', 'projector#0', 'projector#1', 'both projectors', 'event-relay', 'projector#1', 'projector#0'];
    for (const victim of first) {
      await sleep(200 + random() * 600);
      await crash(victim);
      kills[victim]++;
    }
    const victims: readonly Victim[] = ['event-relay', 'projector#0', 'projector#1'];
    while (!finished) {
      await sleep(300 + random() * 900);
      const victim = victims[Math.floor(random() * victims.length)] ?? 'event-relay';
      await crash(victim);
      kills[victim]++;
    }
    return kills;
  }

  it(`${COMMANDS} commands on ${ACCOUNTS} accounts from ${CLIENTS} clients: nothing lost, nothing doubled`, async () => {
    const commandApi = system.url('command-api');
    const accountIds = Array.from({ length: ACCOUNTS }, () => randomUUID());
    const ownerIds = Array.from({ length: 7 }, () => randomUUID());
    const openings = accountIds.map((accountId, i) => ({ path: '/accounts', body: { accountId, ownerId: ownerIds[i % ownerIds.length] ?? '', currency: 'EUR' } }));
    expect([...(await sendAll(commandApi, openings, CLIENTS)).keys()]).toEqual([201]);
    const load = sendAll(commandApi, accountTraffic(random, accountIds, COMMANDS), CLIENTS);

    const [statuses, kills] = await Promise.all([load, crashWhile(load)]);

    expect([...statuses.keys()].filter((status) => ![200, 201, 422].includes(status))).toEqual([]);
    expect(Math.min(kills['event-relay'], kills['projector#0'], kills['projector#1'])).toBeGreaterThanOrEqual(2);
    expect(kills['both projectors']).toBe(1);
    const truths = await foldFromStore(new PostgresEventStore({ pool, schema: env['EVENT_STORE_SCHEMA'] ?? '' }), accountIds);
    const expected = expectedViews(truths);
    const explain = async () => void process.stderr.write(`system after 90 s:\n${await system.diagnostics()}\n`);
    const actual = await settledViews(() => readModelViews(pool, env['READ_MODEL_SCHEMA'] ?? '', mongo, accountIds), expected, 90_000, explain);
    expect(actual.summary).toEqual(expected.summary);
    expect(actual.transactions).toEqual(expected.transactions);
    expect(actual.portfolio).toEqual(expected.portfolio);
  });

  it('serves what it projected through the query API, with read-your-writes on a fresh command', async () => {
    // An owner id as a bank spells it (API.md): case, '.', ':' and '@' survive commands, both read-model stores and queries.
    const ownerId = `Cust.${randomUUID().slice(0, 8)}:branch@bank-DE`;
    // The customer themselves, with a token from the stack's provider: their own account, end to end.
    const asCustomer = await bearerFor(ownerId, ['customer']);
    const correlationId = `system-trace-${randomUUID()}`;
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const opened = (await (
      await fetch(`${system.url('command-api')}/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId, traceparent, ...asCustomer },
        body: JSON.stringify({ ownerId, currency: 'EUR' }),
      })
    ).json()) as { accountId: string };
    const deposited = (await (
      await fetch(`${system.url('command-api')}/accounts/${opened.accountId}/deposits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asCustomer },
        body: JSON.stringify({ amount: '12.34', currency: 'EUR' }),
      })
    ).json()) as { revision: number };

    const account = await fetch(`${system.url('query-api')}/accounts/${opened.accountId}?minRevision=${deposited.revision}&timeoutMs=20000`, { headers: asCustomer });
    const transactions = await fetch(`${system.url('query-api')}/accounts/${opened.accountId}/transactions?minRevision=${deposited.revision}&timeoutMs=20000`, {
      headers: asCustomer,
    });

    if (account.status !== 200) process.stderr.write(`system:\n${await system.diagnostics()}\n`);
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ balance: '12.34', revision: 1, status: 'open', ownerId });
    expect(await transactions.json()).toMatchObject({ items: [{ revision: 1, type: 'deposit', amount: '12.34', balanceAfter: '12.34' }] });
    const listed = await fetch(`${system.url('query-api')}/accounts`, { headers: asCustomer });
    expect(await listed.json()).toEqual({ items: [expect.objectContaining({ accountId: opened.accountId, ownerId })], nextCursor: null });
    // One request can be followed end to end: its correlation id and trace context reach the projector's logs via Kafka
    // (of the instance that holds the account's partition).
    const appliedLines = () =>
      [...system.logLines('projector', 0), ...system.logLines('projector', 1)]
        .filter((line) => line.includes(correlationId))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry['message'] === 'event applied');
    // The portfolio may apply a moment after the summary the query answered from.
    const applied = await eventually(
      () => Promise.resolve(appliedLines()),
      (lines) => new Set(lines.map((entry) => entry['projection'])).size === 3,
      { what: 'every projection logged the applied event', timeoutMs: 20_000 },
    );
    expect(new Set(applied.map((entry) => entry['projection']))).toEqual(new Set(['account-summary', 'account-transactions', 'customer-portfolio']));
    expect(applied.every((entry) => entry['traceparent'] === traceparent && entry['streamId'] === accountStreamId(opened.accountId))).toBe(true);
    for (let tries = 0; tries < 100; tries++) {
      const portfolio = await fetch(`${system.url('query-api')}/customers/${ownerId}/portfolio`, { headers: asCustomer });
      if (portfolio.status === 200) {
        const body = (await portfolio.json()) as { totals: Record<string, string> };
        if (body.totals['EUR'] === '12.34') return;
      }
      await sleep(100);
    }
    throw new Error('the portfolio never showed the deposit');
  });
});
