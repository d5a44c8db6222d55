import { type RecordedEvent } from '@ledger/event-store';
import { encodeEventRecord, toConsumedRecord, type BatchOutcome, type ConsumedRecord, type KafkaRecord } from '@ledger/messaging';
import { type Pool } from 'pg';
import {
  DeadLetterOperations,
  ProjectionBatchProcessor,
  ProjectionStatus,
  silentLogger,
  type ProjectionDefinition,
  type ProjectionLogger,
  type RetryPolicy,
  type StreamReader,
} from '../../src';
import {
  isTransientPostgresError,
  PostgresDeadLetters,
  PostgresProjectionUnits,
  PostgresReadModelCopies,
  type PostgresProjection,
} from '../../src/postgres';

export interface HarnessOptions {
  readonly definition: ProjectionDefinition;
  readonly pool: Pool;
  readonly readModelSchema: string;
  readonly streams: StreamReader;
  /** Fast retries unless told: tests wait for dead letters, not for backoff. */
  readonly retry?: RetryPolicy;
  readonly logger?: ProjectionLogger;
}

export interface PostgresDefinitionOptions {
  readonly pool: Pool;
  readonly schema: string;
  /** The tables it writes, for its copies (none: it cannot be rebuilt, which these tests do not need). */
  readonly tables?: readonly string[];
}

/** A PostgreSQL projection's definition as the app builds it, around any `PostgresProjection` (e.g. one that fails on purpose). */
export function postgresDefinition(
  name: string,
  projectionOn: (tableOf: (table: string) => string) => PostgresProjection,
  { pool, schema, tables = [] }: PostgresDefinitionOptions,
): ProjectionDefinition {
  const copies = new PostgresReadModelCopies({ pool, schema, projection: name, tables, projectionOn });
  return { name, version: 1, categories: ['account'], store: copies.store(''), copies };
}

export const quickRetries: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 };

/**
 * Drives one projection's batch processor with batches made here instead of fetched from Kafka
 * (the Kafka path has its own tests): what a consumer would hand over, offsets and all.
 */
export class ProjectionHarness {
  readonly published: KafkaRecord[] = [];
  readonly status = new ProjectionStatus();
  readonly deadLetters: PostgresDeadLetters;
  readonly operations: DeadLetterOperations;
  private readonly processor: ProjectionBatchProcessor;
  private nextOffset = 0n;
  readonly topic = 'test.account';

  constructor(private readonly options: HarnessOptions) {
    const { definition, pool, readModelSchema, streams } = options;
    const units = new PostgresProjectionUnits({ pool, schema: readModelSchema, projection: definition.name, store: definition.store });
    const isTransient = (error: unknown) => isTransientPostgresError(error) || definition.store.isTransient(error);
    this.deadLetters = new PostgresDeadLetters(pool, readModelSchema);
    this.processor = new ProjectionBatchProcessor({
      projection: definition.name,
      units,
      streams,
      deadLetterTopic: `test.dead-letters.${definition.name}`,
      publisher: { send: (records) => Promise.resolve(void this.published.push(...records)) },
      status: this.status,
      logger: options.logger ?? silentLogger,
      isTransient,
      retry: options.retry ?? quickRetries,
      ...(definition.sideEffects === undefined ? {} : { sideEffects: definition.sideEffects }),
    });
    this.operations = new DeadLetterOperations({
      find: (id) => this.deadLetters.find(id),
      projections: new Map([[definition.name, { units, isTransient, ...(definition.sideEffects === undefined ? {} : { sideEffects: definition.sideEffects }) }]]),
      streams,
      logger: silentLogger,
    });
  }

  /** The record a relay would have produced for this event, at the next offset. */
  recordOf(event: RecordedEvent): ConsumedRecord {
    const { key, value, headers } = encodeEventRecord(event, this.topic);
    return this.consumed({ key: Buffer.from(key), value, headers });
  }

  /** A record under a stream's key whose value is not an envelope. */
  garbage(streamId: string, value = 'not json'): ConsumedRecord {
    return this.consumed({ key: Buffer.from(streamId), value: Buffer.from(value), headers: { 'ledger-stream-revision': 'x' } });
  }

  /** Hands the events (or records) over as one batch of one partition, as a consumer would. */
  deliver(...items: (RecordedEvent | ConsumedRecord)[]): Promise<BatchOutcome> {
    const records = items.map((item) => ('decoded' in item ? item : this.recordOf(item)));
    return this.processor.process({
      topic: this.topic,
      partition: 0,
      records,
      heartbeat: () => Promise.resolve(),
      isStale: () => false,
      signal: new AbortController().signal,
    });
  }

  private consumed(message: { key: Buffer; value: Buffer; headers: Record<string, string> }): ConsumedRecord {
    const offset = this.nextOffset.toString();
    this.nextOffset += 1n;
    return toConsumedRecord(this.topic, 0, { ...message, offset });
  }
}
