import { type Pool } from 'pg';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../port/event-store';
import { appendWith } from './append';
import { readAllWith } from './read-all';
import { readStreamWith } from './read-stream';
import { quoteIdentifier } from './sql-identifier';

export interface PostgresEventStoreOptions {
  readonly pool: Pool;
  /** PostgreSQL schema holding the store's tables (run `migrate(pool, schema)` first). */
  readonly schema?: string;
}

/** The EventStore port on PostgreSQL: the default store (ARCHITECTURE.md). */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  readonly schema: string;

  constructor({ pool, schema = 'public' }: PostgresEventStoreOptions) {
    quoteIdentifier(schema); // fail at wiring time, not on the first append
    this.pool = pool;
    this.schema = schema;
  }

  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return appendWith(this.pool, this.schema, streamId, events, options);
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStreamWith(this.pool, this.schema, streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return readAllWith(this.pool, this.schema, options);
  }
}
