import { PostgresEventStore, migrate } from '@ledger/event-store/postgres';
import { type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { migrateReadModels } from '../../src/postgres';
import { storedFormOf, type LedgerEvent } from '../../src/testing';
import { MongoClient, type Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set: run via the int jest project (it starts the stack)`);
  return value;
}

/** A suffix that makes this file's schemas, databases, topics and groups its own. */
export const uniqueSuffix = (): string => randomUUID().replaceAll('-', '').slice(0, 12);

/** This file's own read-model schema and event store schema, both migrated, on one pool. */
export interface PostgresUnderTest {
  readonly pool: Pool;
  readonly readModelSchema: string;
  readonly eventStore: PostgresEventStore;
  /** Appends account or transfer events (each to its stream, in order) and returns them as stored. */
  append(events: readonly LedgerEvent[], metadata?: NewEvent['metadata']): Promise<RecordedEvent[]>;
  /** Appends raw data under an account event type: how a poison event gets into the store. */
  appendRaw(streamId: string, type: string, data: NewEvent['data']): Promise<RecordedEvent>;
  dispose(): Promise<void>;
}

export async function postgresUnderTest(prefix: string): Promise<PostgresUnderTest> {
  const pool = new Pool({ connectionString: required('DATABASE_URL'), max: 10 });
  const suffix = uniqueSuffix();
  const readModelSchema = `${prefix}_rm_${suffix}`;
  const eventStoreSchema = `${prefix}_es_${suffix}`;
  await Promise.all([migrateReadModels(pool, readModelSchema), migrate(pool, eventStoreSchema)]);
  const eventStore = new PostgresEventStore({ pool, schema: eventStoreSchema });
  const appendOne = async (streamId: string, event: NewEvent): Promise<RecordedEvent> => {
    const result = await eventStore.appendToStream(streamId, [event], { expectedRevision: 'any' });
    const [stored] = await eventStore.readStream(streamId, { direction: 'forwards', fromRevision: result.nextExpectedRevision, maxCount: 1 });
    if (stored === undefined) throw new Error('appended event not found');
    return stored;
  };
  return {
    pool,
    readModelSchema,
    eventStore,
    append: async (events, metadata = {}) => {
      const stored: RecordedEvent[] = [];
      for (const event of events) {
        const { streamId, ...encoded } = storedFormOf(event);
        stored.push(
          await appendOne(streamId, {
            eventId: randomUUID(),
            ...encoded,
            metadata: { correlationId: randomUUID(), occurredAt: new Date().toISOString(), ...metadata },
          }),
        );
      }
      return stored;
    },
    appendRaw: (streamId, type, data) => appendOne(streamId, { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: {} }),
    dispose: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
      await pool.end();
    },
  };
}

export interface MongoUnderTest {
  readonly client: MongoClient;
  readonly db: Db;
  dispose(): Promise<void>;
}

/** This file's own MongoDB (FerretDB) database. */
export async function mongoUnderTest(prefix: string): Promise<MongoUnderTest> {
  const url = new URL(required('MONGODB_URL'));
  url.pathname = `/${prefix}_${uniqueSuffix()}`;
  const client = new MongoClient(url.href, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const db = client.db();
  return {
    client,
    db,
    dispose: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
}
