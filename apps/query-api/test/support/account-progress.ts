import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { inTransaction, PostgresReadModelStore, PostgresUnitOfWork, ProjectionVersions } from '@ledger/projections/postgres';
import { randomUUID } from 'node:crypto';
import { type QueryApiUnderTest } from '../query-api.harness';

/** An account the projector has applied up to `revision` of, written on the primary. */
export async function seedAccount(api: QueryApiUnderTest, revision: number): Promise<string> {
  const accountId = randomUUID();
  await api.pool.query(`INSERT INTO "${api.schema}".account_summary VALUES ($1, $2, 'EUR', 0, 'open', $3, now(), now())`, [accountId, randomUUID(), revision]);
  await api.pool.query(`INSERT INTO "${api.schema}".projection_stream_revisions VALUES ('account-summary', $1, $2)`, [accountStreamId(accountId), revision]);
  return accountId;
}

/** Commits `revision` of the account's stream on the primary as the projector does: guard row and NOTIFY in one transaction. */
export async function project(api: QueryApiUnderTest, accountId: string, revision: bigint): Promise<void> {
  const store = new PostgresReadModelStore({ schema: api.schema, guard: 'account-summary', projection: { applyEvents: () => Promise.resolve() } });
  const event: RecordedEvent = {
    eventId: randomUUID(),
    type: 'ledger.account.account-frozen',
    schemaVersion: 1,
    streamId: accountStreamId(accountId),
    streamRevision: revision,
    position: revision,
    data: {},
    metadata: {},
    recordedAt: new Date(),
  };
  await inTransaction(api.pool, async (tx) => {
    await store.writerFor(new PostgresUnitOfWork(tx, new ProjectionVersions(api.schema))).apply([event]);
  });
}
