import { accountStreamId } from '@ledger/domain';
import { type EventStore, type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { eventTopics } from '@ledger/messaging';
import { deleteTopics, readTopic, topicsWithPrefix, type ConsumedEvent, connectTestKafka } from '@ledger/messaging/testing';
import { createLogger, loadConfig, type AppLogger } from '@ledger/platform';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { eventRelayConfigSchema, type EventRelayConfig } from '../src/event-relay.config';
import { relayNameOf } from '../src/create-event-relay';
import { PostgresCheckpointStore } from '../src/infrastructure/postgres-checkpoint-store';
import { type KafkaClient } from '../src/infrastructure/kafka.connection';

/** A store schema, a checkpoint schema and a topic prefix of this test file's own, on the real stack. */
export interface RelayTestBed {
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly kafka: KafkaClient;
  readonly config: EventRelayConfig;
  /** The environment that points a relay (the built app too) at this bed. */
  readonly env: Readonly<Record<string, string>>;
  readonly topic: string;
  readonly checkpoints: PostgresCheckpointStore;
  readonly relayName: string;
  checkpoint(): Promise<bigint | undefined>;
  /** Every record on the account topic, read until each of `events` is there. */
  consumedUntilAll(events: readonly { eventId: string }[], timeoutMs?: number): Promise<ConsumedEvent[]>;
  dispose(): Promise<void>;
}

const unique = (): string => randomUUID().replaceAll('-', '').slice(0, 12);

export async function relayTestBed(name: string): Promise<RelayTestBed> {
  const id = unique();
  const env = {
    EVENT_STORE_SCHEMA: `${name}_store_${id}`,
    RELAY_CHECKPOINT_SCHEMA: `${name}_relay_${id}`,
    RELAY_TOPIC_PREFIX: `test-${name}-${id}`,
    RELAY_TOPIC_PARTITIONS: '4',
  };
  const config = loadConfig(eventRelayConfigSchema, { ...process.env, ...env });
  const pool = new Pool({ connectionString: config.databaseUrl, max: 10 });
  await migrate(pool, config.eventStoreSchema);
  const kafka = connectTestKafka(`test-${name}`);
  const checkpoints = new PostgresCheckpointStore({ pool, schema: config.checkpointSchema });
  const relayName = relayNameOf(config);
  return {
    pool,
    store: new PostgresEventStore({ pool, schema: config.eventStoreSchema }),
    kafka,
    config,
    env,
    topic: eventTopics(config.topicPrefix).ofCategory('account'),
    checkpoints,
    relayName,
    checkpoint: () => checkpoints.load(relayName),
    consumedUntilAll: (events, timeoutMs) => {
      const wanted = new Set(events.map((event) => event.eventId));
      return readTopic(kafka, eventTopics(config.topicPrefix).ofCategory('account'), {
        until: (consumed) => wanted.size === new Set(consumed.filter((record) => wanted.has(record.event.eventId)).map((record) => record.event.eventId)).size,
        timeoutMs,
      });
    },
    dispose: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${config.eventStoreSchema}" CASCADE`);
      await pool.query(`DROP SCHEMA IF EXISTS "${config.checkpointSchema}" CASCADE`);
      await pool.end();
      await deleteTopics(kafka, await topicsWithPrefix(kafka, config.topicPrefix));
    },
  };
}

/** A logger whose lines the test can read (`debug` shows each batch's positions). */
export function collectingLogger(level: 'info' | 'debug' = 'info'): { logger: AppLogger; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { logger: createLogger({ app: 'event-relay', level, destination }), lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function deposit(): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ledger.account.money-deposited',
    schemaVersion: 1,
    data: { amountMinor: '100', currency: 'EUR' },
    metadata: { correlationId: randomUUID(), traceparent: `00-${randomUUID().replaceAll('-', '')}-${unique()}abcd-01` },
  };
}

/**
 * Appends `perStream` events to each of `streams` new accounts, one event per commit, the
 * accounts side by side so their commits interleave in `$all` as concurrent clients' would.
 */
export async function appendToAccounts(store: EventStore, streams: number, perStream: number): Promise<RecordedEvent[]> {
  const streamIds = Array.from({ length: streams }, () => accountStreamId(randomUUID()));
  await Promise.all(
    streamIds.map(async (streamId) => {
      for (let revision = 0; revision < perStream; revision++) {
        await store.appendToStream(streamId, [deposit()], { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) });
      }
    }),
  );
  return (await Promise.all(streamIds.map((streamId) => store.readStream(streamId, { direction: 'forwards' })))).flat();
}

/** Appends running in the background, as clients keep committing while relays come and go. */
export interface BackgroundAppends {
  /** Stops appending and returns every event stored. Safe to call twice. */
  stop(): Promise<RecordedEvent[]>;
}

/** Appends one event at a time to rotating new accounts until stopped. */
export function appendInBackground(store: PostgresEventStore, accounts = 10): BackgroundAppends {
  const stopping = new AbortController();
  const streamIds = Array.from({ length: accounts }, () => accountStreamId(randomUUID()));
  const appending = (async () => {
    for (let turn = 0; !stopping.signal.aborted; turn++) {
      const streamId = streamIds[turn % accounts] ?? '';
      const revision = BigInt(Math.floor(turn / accounts));
      await store.appendToStream(streamId, [deposit()], { expectedRevision: revision === 0n ? 'no_stream' : revision - 1n });
      await sleep(2);
    }
    return (await Promise.all(streamIds.map((streamId) => store.readStream(streamId, { direction: 'forwards' })))).flat();
  })();
  return {
    stop: () => {
      stopping.abort();
      return appending;
    },
  };
}

/**
 * What an idempotent consumer of the topic sees: per stream, records in offset order, each
 * applied if it is the next revision and skipped if already applied. Returns the revisions it
 * applied per stream and the first gap it met (an event it would have had to skip over).
 */
export function appliedPerStream(consumed: readonly ConsumedEvent[]): { applied: Map<string, bigint[]>; gaps: string[] } {
  const inOrder = [...consumed].sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
  const applied = new Map<string, bigint[]>();
  const gaps: string[] = [];
  for (const { event } of inOrder) {
    const revisions = applied.get(event.streamId) ?? [];
    const expected = BigInt(revisions.length);
    if (event.streamRevision === expected) revisions.push(event.streamRevision);
    else if (event.streamRevision > expected) gaps.push(`${event.streamId}: revision ${event.streamRevision} before ${expected}`);
    applied.set(event.streamId, revisions);
  }
  return { applied, gaps };
}

