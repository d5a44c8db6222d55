import { accountStreamId, encodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { storedFormOf, type LedgerEvent } from '@ledger/projections/testing';
import { type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { connectKafka, eventTopics, KafkaEventPublisher, parseBrokerList, parseKafkaClient } from '@ledger/messaging';
import { deleteTopics, topicsWithPrefix } from '@ledger/messaging/testing';
import { createApp, loadConfig } from '@ledger/platform';
import { bearerFor, TEST_OPERATOR } from '@ledger/platform/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type DestinationStream } from 'pino';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { projectorConfigSchema } from '../../src/projector.config';
import { projectorDefinition } from '../../src/projector.definition';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: Record<string, unknown>;
}

/**
 * The projector app, built in this process against the local stack with this file's own
 * schemas, database, topics and consumer groups (via PROJECTOR_TOPIC_PREFIX).
 */
export interface ProjectorUnderTest {
  readonly app: NestFastifyApplication;
  readonly pool: Pool;
  readonly mongo: MongoClient;
  readonly readModelSchema: string;
  readonly env: Readonly<Record<string, string>>;
  get(url: string): Promise<HttpAnswer>;
  /** With `body`, sent as JSON; without, no body at all. */
  post(url: string, body?: unknown): Promise<HttpAnswer>;
  /** Appends account or transfer events to the event store and publishes them as the relay would. */
  publish(events: readonly LedgerEvent[], metadata?: NewEvent['metadata']): Promise<RecordedEvent[]>;
  /**
   * Appends account events to the event store only, one multi-event append per stream, and
   * publishes nothing: history the live projections never saw, which only a rebuild reads.
   * Returns how many events it appended.
   */
  appendUnpublished(events: readonly AccountEvent[]): Promise<number>;
  /**
   * Publishes everything in the event store, in position order, as the relay would after an
   * outage: a backlog appended with `appendUnpublished`. Returns how many events it published.
   */
  publishBacklog(): Promise<number>;
  /** Appends raw data under an account event type (a poison event) and publishes it. */
  publishRaw(streamId: string, type: string, data: NewEvent['data']): Promise<RecordedEvent>;
  dispose(): Promise<void>;
}

export async function projectorUnderTest(extraEnv: Readonly<Record<string, string>> = {}, logDestination?: DestinationStream): Promise<ProjectorUnderTest> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  const mongoUrl = new URL(process.env['MONGODB_URL'] ?? '');
  mongoUrl.pathname = `/projector_${suffix}`;
  const prefix = `test-projector-app-${suffix}`;
  const eventStoreSchema = `projector_es_${suffix}`;
  const readModelSchema = `projector_rm_${suffix}`;
  const env = {
    DATABASE_URL: databaseUrl,
    MONGODB_URL: mongoUrl.href,
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '',
    KAFKA_CLIENT: process.env['KAFKA_CLIENT'] ?? '',
    EVENT_STORE_SCHEMA: eventStoreSchema,
    READ_MODEL_SCHEMA: readModelSchema,
    PROJECTOR_TOPIC_PREFIX: prefix,
    PROJECTOR_TOPIC_PARTITIONS: '3',
    PROJECTION_MAX_ATTEMPTS: '2',
    PROJECTION_RETRY_INITIAL_DELAY_MS: '1',
    PROJECTION_RETRY_MAX_DELAY_MS: '5',
    LOG_LEVEL: 'silent',
    ...extraEnv,
  };
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  await migrate(pool, eventStoreSchema);
  const eventStore = new PostgresEventStore({ pool, schema: eventStoreSchema });
  const kafka = connectKafka({ brokers: parseBrokerList(env.KAFKA_BROKERS), clientId: 'projector-app-test', client: parseKafkaClient(env.KAFKA_CLIENT) });
  const publisher = new KafkaEventPublisher({ kafka, topics: eventTopics(prefix), partitions: 3 });
  const mongo = new MongoClient(env.MONGODB_URL);
  const app = await createApp(projectorDefinition(loadConfig(projectorConfigSchema, env), logDestination));

  // As the test operator: the admin API is theirs alone (API.md "Identity and access").
  const inject = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<HttpAnswer> => {
    const headers = { ...(await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, headers: response.headers, body: response.body === '' ? {} : response.json<Record<string, unknown>>() };
  };
  const newEvent = (event: AccountEvent): NewEvent => {
    const encoded = encodeAccountEvent(event) as { type: string; schemaVersion: number; data: NewEvent['data'] };
    return { eventId: randomUUID(), ...encoded, metadata: { correlationId: randomUUID(), occurredAt: new Date().toISOString() } };
  };
  const store = async (streamId: string, event: NewEvent): Promise<RecordedEvent> => {
    const { nextExpectedRevision } = await eventStore.appendToStream(streamId, [event], { expectedRevision: 'any' });
    const [stored] = await eventStore.readStream(streamId, { direction: 'forwards', fromRevision: nextExpectedRevision, maxCount: 1 });
    if (stored === undefined) throw new Error('appended event not found');
    return stored;
  };
  return {
    app,
    pool,
    mongo,
    readModelSchema,
    env,
    get: (url) => inject('GET', url),
    post: (url, body) => inject('POST', url, body),
    publish: async (events, metadata = {}) => {
      const stored: RecordedEvent[] = [];
      for (const event of events) {
        const { streamId, ...encoded } = storedFormOf(event);
        const full = { correlationId: randomUUID(), occurredAt: new Date().toISOString(), ...metadata };
        stored.push(await store(streamId, { eventId: randomUUID(), ...encoded, metadata: full }));
      }
      await publisher.publish(stored);
      return stored;
    },
    appendUnpublished: async (events) => {
      const streams = new Map<string, NewEvent[]>();
      for (const event of events) {
        const streamId = accountStreamId(event.accountId);
        streams.set(streamId, [...(streams.get(streamId) ?? []), newEvent(event)]);
      }
      for (const [streamId, ofStream] of streams) await eventStore.appendToStream(streamId, ofStream, { expectedRevision: 'any' });
      return events.length;
    },
    publishBacklog: async () => {
      let published = 0;
      for (let fromPosition: bigint | undefined; ; ) {
        const page = await eventStore.readAll({ ...(fromPosition === undefined ? {} : { fromPosition }), maxCount: 500 });
        if (page.length === 0) return published;
        await publisher.publish(page);
        published += page.length;
        fromPosition = page[page.length - 1]?.position;
      }
    },
    publishRaw: async (streamId, type, data) => {
      const stored = await store(streamId, { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: {} });
      await publisher.publish([stored]);
      return stored;
    },
    dispose: async () => {
      await app.close();
      await publisher.close();
      await deleteTopics(kafka, await topicsWithPrefix(kafka, prefix));
      await deleteTopics(kafka, await topicsWithPrefix(kafka, `ledger.dead-letters.${prefix}`));
      await mongo.db().dropDatabase();
      await mongo.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
      await pool.end();
    },
  };
}

