import { accountStreamId, decodeAccountEvent, decodeTransferEvent, evolve, initialState, transferDecider, transferStreamId, type AccountState } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { withTestToken } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { seededRandom } from './account-load';
import { expectedViews, foldFromStore, readModelViews, settledViews } from './read-model-check';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';

const ACCOUNTS = 50;
const DOLLAR_ACCOUNTS = 5;
const TRANSFERS = 2_000;
const CLIENTS = 8;
const seed = Number(process.env['SYSTEM_TEST_SEED'] ?? Date.now() % 1_000_000);

type Victim = 'transfer-processor' | 'event-relay' | 'projector';

/**
 * Transfers as ARCHITECTURE.md promises them ("Process managers"): 2,000 transfers among 50
 * accounts from concurrent clients, in both directions and many out of one account at once,
 * while the transfer processor, the relay and the projector are killed with SIGKILL at random
 * moments. Some accounts hold dollars (credits in euros to them are refused, so reversed), one
 * is closed and one frozen midway (refused debits: failed). Afterwards every transfer has ended,
 * each moved money exactly as its end says, no account went below zero, each currency's total
 * is what was deposited, and the read models equal the fold of the store.
 */
describe(`transfers under crashes (seed ${seed})`, () => {
  const env: Record<string, string> = isolatedEnvironment();
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const store = new PostgresEventStore({ pool, schema: env['EVENT_STORE_SCHEMA'] ?? '' });
  const random = seededRandom(seed);

  beforeAll(async () => {
    await system.start('command-api');
    await Promise.all((['event-relay', 'projector', 'query-api', 'transfer-processor'] as const).map((name) => system.start(name)));
  });

  afterAll(async () => {
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
  });

  /** A client that retries a keyed request on a network error or a 5xx, as API.md's idempotency allows. */
  const post = async (path: string, body: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> => {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${system.url('command-api')}${path}`, {
          method: 'POST',
          headers: await withTestToken({ 'content-type': 'application/json', 'idempotency-key': key }),
          body: JSON.stringify(body),
        });
        const answer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
        if (answer.status < 500 || attempt === 5) return answer;
      } catch (error) {
        if (attempt === 5) throw error;
      }
      await sleep(100 * attempt);
    }
  };

  async function crashWhile(done: Promise<unknown>): Promise<Record<Victim, number>> {
    const kills: Record<Victim, number> = { 'transfer-processor': 0, 'event-relay': 0, projector: 0 };
    let finished = false;
    void done.finally(() => (finished = true));
    const victims = Object.keys(kills) as Victim[];
    // Each at least twice, then at random until the load is through.
    for (const victim of [...victims, ...victims]) {
      await sleep(300 + random() * 700);
      await system.crashAndRestart(victim);
      kills[victim]++;
    }
    while (!finished) {
      await sleep(400 + random() * 1_000);
      const victim = victims[Math.floor(random() * victims.length)] ?? 'transfer-processor';
      await system.crashAndRestart(victim);
      kills[victim]++;
    }
    return kills;
  }

  it(`${TRANSFERS} transfers among ${ACCOUNTS} accounts: every one ends, money is conserved and moved once`, async () => {
    const accounts = Array.from({ length: ACCOUNTS }, (_, index) => ({ accountId: randomUUID(), currency: index < DOLLAR_ACCOUNTS ? 'USD' : 'EUR' }));
    const deposited = new Map<string, bigint>();
    for (const { accountId, currency } of accounts) {
      expect((await post('/accounts', { accountId, ownerId: `owner-${accountId.slice(0, 4)}`, currency })).status).toBe(201);
      expect((await post(`/accounts/${accountId}/deposits`, { amount: '100.00', currency })).status).toBe(201);
      deposited.set(currency, (deposited.get(currency) ?? 0n) + 10_000n);
    }
    // An empty account that is closed: every credit to it is refused, and its transfers reversed.
    const closed = { accountId: randomUUID(), currency: 'EUR' };
    expect((await post('/accounts', { accountId: closed.accountId, ownerId: 'owner-closed', currency: 'EUR' })).status).toBe(201);
    expect((await post(`/accounts/${closed.accountId}/close`, {})).status).toBe(200);
    const frozen = accounts[DOLLAR_ACCOUNTS]?.accountId ?? '';

    const pick = () => accounts[Math.floor(random() * accounts.length)] ?? closed;
    const requests = Array.from({ length: TRANSFERS }, () => {
      const from = pick();
      const to = random() < 0.02 ? closed : pick();
      return { transferId: randomUUID(), fromAccountId: from.accountId, toAccountId: to.accountId, amount: (1 + Math.floor(random() * 3_000) / 100).toFixed(2), currency: from.currency };
    });
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    const refusals = new Set<string>();
    let next = 0;
    const client = async () => {
      for (let request = requests[next++]; request !== undefined; request = requests[next++]) {
        if (next === TRANSFERS / 2) expect((await post(`/accounts/${frozen}/freeze`, { reason: 'midway' })).status).toBe(200);
        const answer = await post('/transfers', request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 202) accepted.push(request.transferId);
        if (answer.status === 422) refusals.add(String(answer.body['code']));
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));

    const [, kills] = await Promise.all([load, crashWhile(load)]);

    // Only SAME_ACCOUNT may be refused at request time here; everything else is the accounts' to decide.
    expect([...statuses.keys()].sort()).toEqual(statuses.has(422) ? [202, 422] : [202]);
    expect([...refusals]).toEqual(refusals.size === 0 ? [] : ['SAME_ACCOUNT']);
    expect(Math.min(...Object.values(kills))).toBeGreaterThanOrEqual(2);

    const endOf = async (transferId: string) =>
      (await store.readStream(transferStreamId(transferId), { direction: 'forwards' })).map((event) => decodeTransferEvent(event)).reduce(transferDecider.evolve, transferDecider.initialState);
    const ends = await eventually(
      () => Promise.all(accepted.map(endOf)),
      (states) => states.every((state) => ['completed', 'failed', 'reversed'].includes(state.status)),
      { what: 'every transfer ended', timeoutMs: 180_000, intervalMs: 1_000 },
    ).catch(async (error: unknown) => {
      process.stderr.write(`system:\n${await system.diagnostics()}\n`);
      throw error;
    });
    const byStatus = new Map<string, number>();
    for (const state of ends) byStatus.set(state.status, (byStatus.get(state.status) ?? 0) + 1);
    process.stderr.write(`transfers: ${JSON.stringify(Object.fromEntries(byStatus))}, kills: ${JSON.stringify(kills)}\n`);
    expect([...byStatus.keys()].sort()).toEqual(['completed', 'failed', 'reversed']);

    // Money: each account's fold (decoding refuses a negative balance), totals per currency, and
    // the movements each transfer made, from the accounts' own streams.
    const allAccounts = [...accounts, closed];
    const totals = new Map<string, bigint>();
    const movements = new Map<string, string[]>();
    for (const { accountId } of allAccounts) {
      const events = await store.readStream(accountStreamId(accountId), { direction: 'forwards' });
      let state: AccountState = initialState;
      for (const recorded of events) {
        const event = decodeAccountEvent(recorded);
        state = evolve(state, event);
        if ((event.type === 'MoneyDeposited' || event.type === 'MoneyWithdrawn') && event.transferId !== undefined) {
          movements.set(event.transferId, [...(movements.get(event.transferId) ?? []), `${event.type === 'MoneyWithdrawn' ? 'debit' : 'credit'} ${accountId}`]);
        }
      }
      if (state.status === 'open' || state.status === 'frozen') totals.set(state.balance.currency, (totals.get(state.balance.currency) ?? 0n) + state.balance.amountMinor);
    }
    expect(totals).toEqual(deposited);
    ends.forEach((state, index) => {
      const transferId = accepted[index] ?? '';
      const terms = state.status === 'not-requested' ? undefined : state.terms;
      const expected = { completed: [`debit ${terms?.fromAccountId}`, `credit ${terms?.toAccountId}`], failed: [], reversed: [`debit ${terms?.fromAccountId}`, `credit ${terms?.fromAccountId}`] }[
        state.status as 'completed' | 'failed' | 'reversed'
      ];
      expect({ transferId, moved: (movements.get(transferId) ?? []).sort() }).toEqual({ transferId, moved: [...expected].sort() });
    });

    const accountIds = allAccounts.map((account) => account.accountId);
    const truths = await foldFromStore(store, accountIds);
    const expected = expectedViews(truths);
    const explain = async () => void process.stderr.write(`system after 90 s:\n${await system.diagnostics()}\n`);
    const actual = await settledViews(() => readModelViews(pool, env['READ_MODEL_SCHEMA'] ?? '', mongo, accountIds), expected, 90_000, explain);
    expect(actual.summary).toEqual(expected.summary);
    expect(actual.transactions).toEqual(expected.transactions);
    expect(actual.portfolio).toEqual(expected.portfolio);

    // The transfers' read model and the transfer ids on the accounts' rows, against the store.
    const expectedTransfers = {
      statuses: Object.fromEntries(accepted.map((transferId, index) => [transferId, ends[index]?.status ?? 'unknown'])),
      rowsPerTransfer: Object.fromEntries([...movements].map(([transferId, moved]) => [transferId, moved.length])),
    };
    const schema = env['READ_MODEL_SCHEMA'] ?? '';
    const transferViews = async () => {
      const summaries = await pool.query<{ transfer_id: string; status: string }>(`SELECT transfer_id::text, status FROM "${schema}".transfer_summary WHERE transfer_id = ANY($1::uuid[])`, [accepted]);
      const rows = await pool.query<{ transfer_id: string; rows: number }>(
        `SELECT transfer_id::text, count(*)::int AS rows FROM "${schema}".account_transactions WHERE account_id = ANY($1::uuid[]) AND transfer_id IS NOT NULL GROUP BY transfer_id`,
        [accountIds],
      );
      return {
        statuses: Object.fromEntries(summaries.rows.map((row) => [row.transfer_id, row.status])),
        rowsPerTransfer: Object.fromEntries(rows.rows.map((row) => [row.transfer_id, row.rows])),
      };
    };
    const transfers = await settledViews(transferViews, expectedTransfers, 90_000, explain);
    expect(transfers.statuses).toEqual(expectedTransfers.statuses);
    expect(transfers.rowsPerTransfer).toEqual(expectedTransfers.rowsPerTransfer);
  });
});
