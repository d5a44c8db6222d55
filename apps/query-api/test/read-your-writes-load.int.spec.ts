import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { PG_POOL } from '@ledger/platform';
import { eventually } from '@ledger/event-store/testing';
import { inTransaction, PostgresReadModelStore, PostgresUnitOfWork, ProjectionVersions } from '@ledger/projections/postgres';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type Pool } from 'pg';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';

const WAITERS = 500;
/** How long the waiters wait once all of them are in, before the revision arrives. */
const STEADY_MS = 3_000;

/** 500 accounts at revision 1 in account_summary and its guard, as the projector leaves them. */
async function seedAccounts(api: QueryApiUnderTest): Promise<string[]> {
  const ids = Array.from({ length: WAITERS }, () => randomUUID());
  await api.pool.query(
    `INSERT INTO "${api.schema}".account_summary
     SELECT id, gen_random_uuid(), 'EUR', 0, 'open', 1, now(), now() FROM unnest($1::uuid[]) AS id`,
    [ids],
  );
  await api.pool.query(
    `INSERT INTO "${api.schema}".projection_stream_revisions SELECT 'account-summary', 'account-' || id, 1 FROM unnest($1::text[]) AS id`,
    [ids],
  );
  return ids;
}

/** Revision 2 of every account, committed the way the projector commits a batch: rows and guard in one transaction. */
async function projectRevision2(api: QueryApiUnderTest, ids: readonly string[]): Promise<void> {
  const store = new PostgresReadModelStore({ schema: api.schema, guard: 'account-summary', projection: { applyEvents: () => Promise.resolve() } });
  const events = ids.map((id, index): RecordedEvent => ({
    eventId: randomUUID(),
    type: 'ledger.account.account-frozen',
    schemaVersion: 1,
    streamId: accountStreamId(id),
    streamRevision: 2n,
    position: BigInt(index + 1),
    data: {},
    metadata: {},
    recordedAt: new Date(),
  }));
  await inTransaction(api.pool, async (tx) => {
    await store.writerFor(new PostgresUnitOfWork(tx, new ProjectionVersions(api.schema))).apply(events);
  });
}

/**
 * Issue 14, item 6: what 500 read-your-writes waiters cost the database. Each waits for revision 2
 * of its own account, which the "projector" commits 3 s after the last of them is in. Counts the queries the query API
 * sends to PostgreSQL (connections its pool hands out, one per query) while they wait, and prints
 * the figures; the only assertion is that every waiter got its answer.
 */
describe('read-your-writes under load: 500 waiters on 500 accounts', () => {
  const api = queryApiForThisFile();

  it('answers every waiter once the revision is committed, and prints the queries per second spent waiting', async () => {
    const ids = await seedAccounts(api());
    const pool = api().app.get<Pool>(PG_POOL);
    let queries = 0;
    pool.on('acquire', () => queries++);

    const started = performance.now();
    const answers = Promise.all(ids.map((id) => api().get(`/accounts/${id}?minRevision=2&timeoutMs=30000`)));
    // Arrivals: until every waiter has read its revision once. What follows is what waiting costs.
    await eventually(() => Promise.resolve(queries), (count) => count >= WAITERS);
    const [arrivalQueries, steadyFrom] = [queries, performance.now()];
    await delay(STEADY_MS);
    const steadyQueries = queries - arrivalQueries;
    const steadySeconds = (performance.now() - steadyFrom) / 1_000;
    const committed = performance.now();
    await projectRevision2(api(), ids);
    const statuses = (await answers).map((answer) => answer.status);
    const lastAnswerMs = performance.now() - committed;

    expect(statuses).toEqual(ids.map(() => 200));
    process.stdout.write(
      `read-your-writes, ${WAITERS} waiters: ${arrivalQueries} queries while they arrived (${Math.round(steadyFrom - started)} ms), ` +
        `then ${steadyQueries} in ${steadySeconds.toFixed(1)} s of waiting = ${(steadyQueries / steadySeconds).toFixed(1)} queries/s; ` +
        `${queries - arrivalQueries - steadyQueries} after the commit; last answer ${Math.round(lastAnswerMs)} ms after it ` +
        `(${Math.round((performance.now() - started) / 1_000)} s in all)\n`,
    );
  });
});
