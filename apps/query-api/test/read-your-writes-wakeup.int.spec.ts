import { accountStreamId } from '@ledger/domain';
import { appliedRevisionsChannelOf, inTransaction, PostgresReadModelStore, PostgresUnitOfWork, ProjectionVersions } from '@ledger/projections/postgres';
import { PG_POOL } from '@ledger/platform';
import { eventually } from '@ledger/event-store/testing';
import { type Pool } from 'pg';
import { RevisionWaiters } from '../src/read-models/revision-waiters';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';
import { project, seedAccount } from './support/account-progress';

const MAX_WAITERS = 3;

/** The backend pid of this app's LISTEN session: the only session whose last statement LISTENs on this schema's channel. */
async function listenerPid(api: QueryApiUnderTest): Promise<number | undefined> {
  const { rows } = await api.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1`, [`LISTEN "${appliedRevisionsChannelOf(api.schema)}"`]);
  return rows[0]?.pid;
}

/**
 * Waiters woken by the projector's commit notifications. The safety-net re-check runs once a
 * minute here, longer than any wait in this file, so every 200 below came from a notification.
 */
describe('read-your-writes: woken by the projector’s NOTIFY, one LISTEN connection per instance', () => {
  const api = queryApiForThisFile({ READ_YOUR_WRITES_RECHECK_MS: '60000', READ_YOUR_WRITES_MAX_WAITERS: String(MAX_WAITERS) });
  const waiters = () => api().app.get(RevisionWaiters);
  /** `count` waiters registered, and their first reads done (no query of the app in flight): only a wake-up can answer them now. */
  const waiting = (count: number) =>
    eventually(
      () => Promise.resolve({ size: waiters().size, busy: api().app.get<Pool>(PG_POOL).totalCount - api().app.get<Pool>(PG_POOL).idleCount }),
      ({ size, busy }) => size === count && busy === 0,
    );
  // LISTEN in place also triggers a re-check: wait for it, so it cannot be what answers below.
  beforeAll(() => eventually(() => listenerPid(api()), (pid) => pid !== undefined));

  it('answers a waiter when the projector commits the revision it waits for', async () => {
    const accountId = await seedAccount(api(), 1);
    const answer = api().get(`/accounts/${accountId}?minRevision=3&timeoutMs=30000`);
    await waiting(1);

    await project(api(), accountId, 2n);
    await project(api(), accountId, 3n);

    expect((await answer).status).toBe(200);
    expect(waiters().size).toBe(0);
  });

  it(`holds at most ${MAX_WAITERS} waiters: one more is refused at once with 503 TOO_MANY_WAITERS and Retry-After; reads without minRevision still answer`, async () => {
    const accountId = await seedAccount(api(), 1);
    const answers = Array.from({ length: MAX_WAITERS }, () => api().get(`/accounts/${accountId}?minRevision=2&timeoutMs=30000`));
    await waiting(MAX_WAITERS);

    const refused = await api().get(`/accounts/${accountId}?minRevision=2&timeoutMs=30000`);
    const plain = await api().get(`/accounts/${accountId}`);
    await project(api(), accountId, 2n);

    expect({ status: refused.status, retryAfter: refused.headers.get('retry-after'), code: refused.body['code'] }).toEqual({ status: 503, retryAfter: '1', code: 'TOO_MANY_WAITERS' });
    expect(plain.status).toBe(200);
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it('survives losing its LISTEN connection: it listens again on a new one, and a revision an operator skipped wakes a waiter from there', async () => {
    const before = await eventually(() => listenerPid(api()), (pid) => pid !== undefined);
    await api().pool.query('SELECT pg_terminate_backend($1)', [before]);
    await eventually(() => listenerPid(api()), (pid) => pid !== undefined && pid !== before);

    const accountId = await seedAccount(api(), 1);
    const waited = api().get(`/accounts/${accountId}/transactions?minRevision=2&timeoutMs=30000`);
    await waiting(1);
    await api().pool.query(`INSERT INTO "${api().schema}".projection_stream_revisions VALUES ('account-transactions', $1, 1)`, [accountStreamId(accountId)]);
    const store = new PostgresReadModelStore({ schema: api().schema, guard: 'account-transactions', projection: { applyEvents: () => Promise.resolve() } });
    await inTransaction(api().pool, async (tx) => {
      await store.writerFor(new PostgresUnitOfWork(tx, new ProjectionVersions(api().schema))).skip(accountStreamId(accountId), 2n);
    });

    expect((await waited).status).toBe(200);
  });
});
