import { categoryOf, type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { accountSummaryProjection, accountTransactionsProjection } from '@ledger/projections/accounts';
import { inTransaction, PostgresReadModelStore, PostgresUnitOfWork, ProjectionVersions, type PostgresProjection } from '@ledger/projections/postgres';
import { storedFormOf, type LedgerEvent } from '@ledger/projections/testing';
import { transferSummaryProjection } from '@ledger/projections/transfers';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { type QueryApiUnderTest } from './query-api.harness';

/** Events as the command side records them: appended to the event store, then applied to the read models. */
export interface RecordedHistory {
  /** Appends the events (each to its stream, in order) and applies them as the projector would; returns them as stored. */
  record(...events: LedgerEvent[]): Promise<RecordedEvent[]>;
}

/** The PostgreSQL projections the query API reads, by the stream category each consumes. */
function readModelsOf(schema: string): { readonly category: string; readonly store: PostgresReadModelStore }[] {
  const of = (guard: string, category: string, projection: PostgresProjection) => ({ category, store: new PostgresReadModelStore({ schema, guard, projection }) });
  return [
    of('account-summary', 'account', accountSummaryProjection({ schema })),
    of('account-transactions', 'account', accountTransactionsProjection({ schema })),
    of('transfer-summary', 'transfer', transferSummaryProjection({ schema })),
  ];
}

/**
 * A real event store of this file's own, and the real projections writing the query API's read
 * models from it: rows, guard and the NOTIFY that wakes read-your-writes commit together, as in
 * the projector. Kafka is left out (the projector's tests cover that path): each `record` is
 * applied at once, in one transaction.
 */
export function historyForThisFile(api: () => QueryApiUnderTest): RecordedHistory {
  const schema = `query_api_es_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const eventStore = new PostgresEventStore({ pool, schema });

  beforeAll(() => migrate(pool, schema));
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const append = async (event: LedgerEvent): Promise<RecordedEvent> => {
    const { streamId, ...encoded } = storedFormOf(event);
    const metadata = { correlationId: randomUUID(), occurredAt: new Date().toISOString() };
    const { nextExpectedRevision } = await eventStore.appendToStream(streamId, [{ eventId: randomUUID(), ...encoded, metadata }], { expectedRevision: 'any' });
    const [stored] = await eventStore.readStream(streamId, { direction: 'forwards', fromRevision: nextExpectedRevision, maxCount: 1 });
    if (stored === undefined) throw new Error('appended event not found');
    return stored;
  };

  return {
    record: async (...events) => {
      const stored: RecordedEvent[] = [];
      for (const event of events) stored.push(await append(event));
      const { pool: readModels, schema: readModelSchema } = api();
      await inTransaction(readModels, async (tx) => {
        const unit = new PostgresUnitOfWork(tx, new ProjectionVersions(readModelSchema));
        for (const { category, store } of readModelsOf(readModelSchema)) {
          const relevant = stored.filter((event) => categoryOf(event.streamId) === category);
          if (relevant.length > 0) await store.writerFor(unit).apply(relevant);
        }
      });
      return stored;
    },
  };
}
