import { accountIdOfStream } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { encodeEventRecord, toConsumedRecord, type EventConsumer } from '@ledger/messaging';
import { ProjectionBatchProcessor, ProjectionStatus, RevisionGuardedCache, silentLogger, type ProjectionDefinition } from '@ledger/projections';
import { accountSummaryProjection, AccountSummaryInvalidation } from '@ledger/projections/accounts';
import { isTransientPostgresError, PostgresProjectionUnits, PostgresReadModelCopies, Projector, type PostgresProjection } from '@ledger/projections/postgres';
import { storedFormOf, type LedgerEvent } from '@ledger/projections/testing';
import { type Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/** What the account-summary projection under test gets wrong, until a test fixes it. */
export interface ProjectionBugs {
  /** Events (by id) it fails on: poison events, dead-lettered after their retries. */
  readonly failing: Set<string>;
  /** Balances it writes doubled: a bug a rebuild after the fix repairs at the same revisions. */
  doubled: boolean;
}

function withBugs(inner: PostgresProjection, table: string, bugs: ProjectionBugs): PostgresProjection {
  return {
    async applyEvents(events, tx) {
      const poison = events.find((event) => bugs.failing.has(event.eventId));
      if (poison !== undefined) throw new Error(`projection bug on ${poison.streamId}@${poison.streamRevision}`);
      await inner.applyEvents(events, tx);
      if (!bugs.doubled) return;
      const accounts = [...new Set(events.map((event) => accountIdOfStream(event.streamId)))];
      await tx.query(`UPDATE ${table} SET balance_minor = balance_minor * 2 WHERE account_id = ANY($1::uuid[])`, [accounts]);
    },
  };
}

/** The consumer of a projector that is never started: its batches are handed over by the test. */
const handedItsBatches: EventConsumer = {
  start: () => Promise.reject(new Error('this projector is handed its batches')),
  stop: () => Promise.resolve(),
  pause: () => undefined,
  resume: () => undefined,
  lag: () => Promise.resolve({ events: 0, partitions: [] }),
  seek: () => Promise.resolve(false),
};

/**
 * The projector's account-summary as the app wires it, over the query API's read-model schema
 * and an event store of its own: its side effect is the query cache's invalidation, batches are
 * handed over here instead of fetched from Kafka, and `projector` offers what an operator does
 * through the admin API (dead-letter retries and skips, rebuilds).
 */
export async function operatedProjector(readModelSchema: string, redis: Redis) {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 6 });
  const eventStoreSchema = `${readModelSchema}_es`;
  await migrate(pool, eventStoreSchema);
  const eventStore = new PostgresEventStore({ pool, schema: eventStoreSchema });
  const bugs: ProjectionBugs = { failing: new Set(), doubled: false };
  const copies = new PostgresReadModelCopies({
    pool,
    schema: readModelSchema,
    projection: 'account-summary',
    tables: ['account_summary'],
    projectionOn: (tableOf) => withBugs(accountSummaryProjection({ schema: readModelSchema, table: tableOf('account_summary') }), `"${readModelSchema}"."${tableOf('account_summary')}"`, bugs),
  });
  const invalidation = new AccountSummaryInvalidation({ cache: new RevisionGuardedCache(redis), logger: silentLogger });
  const definition: ProjectionDefinition = { name: 'account-summary', version: 1, categories: ['account'], store: copies.store(''), copies, sideEffects: invalidation.afterCommit };
  const projector = new Projector({
    definitions: [definition],
    running: [],
    pool,
    readModelSchema,
    streams: eventStore,
    topicOf: (category) => `test.${category}`,
    groupId: 'not-consuming',
    deadLetterTopicOf: (projection) => `test.dead-letters.${projection}`,
    createConsumer: () => handedItsBatches,
    publisher: { send: () => Promise.resolve() },
    logger: silentLogger,
    rebuild: { graceMs: 0 },
  });
  const live = new ProjectionBatchProcessor({
    projection: definition.name,
    units: new PostgresProjectionUnits({ pool, schema: readModelSchema, projection: definition.name, store: definition.store }),
    streams: eventStore,
    deadLetterTopic: 'test.dead-letters.account-summary',
    publisher: { send: () => Promise.resolve() },
    status: new ProjectionStatus(),
    logger: silentLogger,
    isTransient: isTransientPostgresError,
    retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
    sideEffects: invalidation.afterCommit,
  });
  let offset = 0;

  return {
    projector,
    bugs,
    /** Appends the events to the store, each to its stream in order, and returns them as stored. */
    append: async (...events: LedgerEvent[]): Promise<RecordedEvent[]> => {
      const stored: RecordedEvent[] = [];
      for (const event of events) {
        const { streamId, ...encoded } = storedFormOf(event);
        const { nextExpectedRevision } = await eventStore.appendToStream(streamId, [{ eventId: randomUUID(), ...encoded, metadata: {} }], { expectedRevision: 'any' });
        stored.push(...(await eventStore.readStream(streamId, { direction: 'forwards', fromRevision: nextExpectedRevision, maxCount: 1 })));
      }
      return stored;
    },
    /** Hands the events to the live projection as one batch of one partition, as its consumer would. */
    deliver: (events: readonly RecordedEvent[]) =>
      live.process({
        topic: 'test.account',
        partition: 0,
        records: events.map((event) => {
          const { key, value, headers } = encodeEventRecord(event, 'test.account');
          return toConsumedRecord('test.account', 0, { key: Buffer.from(key), value, headers, offset: String(offset++) });
        }),
        heartbeat: () => Promise.resolve(),
        isStale: () => false,
        signal: new AbortController().signal,
      }),
    dispose: async () => {
      await projector.stop();
      invalidation.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
      await pool.end();
    },
  };
}
