import { type RecordedEvent } from '@ledger/event-store';
import { type ReadModelStore, type ReadModelWriter } from '../port/read-model-store';
import { type SqlTransaction } from '../port/sql-transaction';
import { type UnitOfWork } from '../port/unit-of-work';
import { TransientFailure } from '../runtime/failures';
import { isTransientPostgresError } from './postgres-errors';
import { type PostgresProjection } from './postgres-projection';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { appliedRevisionPayloads, appliedRevisionsChannelOf } from './applied-revisions';
import { advanceRevisions, advancesOf, lockLastRevisions, type RevisionAdvance } from './stream-revisions';

export interface PostgresReadModelStoreOptions {
  /** Schema of the read-model tables and of `projection_stream_revisions`. */
  readonly schema: string;
  /** The guard rows' key: the projection's name (a rebuild writing a shadow copy uses its own). */
  readonly guard: string;
  readonly projection: PostgresProjection;
}

/**
 * `ReadModelStore` for read models in PostgreSQL: rows and guard in the batch's transaction,
 * and a NOTIFY of the revisions the guard moved to (`appliedRevisionsChannelOf(schema)`),
 * delivered when that transaction commits, so read-your-writes waiters wake without polling.
 */
export class PostgresReadModelStore implements ReadModelStore {
  private readonly schema: string;
  private readonly channel: string;

  constructor(private readonly options: PostgresReadModelStoreOptions) {
    this.schema = quoteIdentifier(options.schema);
    this.channel = appliedRevisionsChannelOf(options.schema);
  }

  writerFor(unit: UnitOfWork): ReadModelWriter {
    return new PostgresReadModelWriter(unit.sql, this.schema, this.channel, this.options.guard, this.options.projection);
  }

  isTransient(error: unknown): boolean {
    return isTransientPostgresError(error);
  }
}

class PostgresReadModelWriter implements ReadModelWriter {
  constructor(
    private readonly tx: SqlTransaction,
    private readonly schema: string,
    private readonly channel: string,
    private readonly guard: string,
    private readonly projection: PostgresProjection,
  ) {}

  lastRevisions(streamIds: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    return lockLastRevisions(this.tx, this.schema, this.guard, streamIds);
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    await this.projection.applyEvents(events, this.tx);
    await this.advance(advancesOf(events));
  }

  /** Inside a savepoint: a failing event is rolled back alone and the batch's transaction goes on. */
  async applyOne(event: RecordedEvent): Promise<void> {
    await this.tx.query('SAVEPOINT projection_event');
    try {
      await this.apply([event]);
    } catch (error) {
      try {
        await this.tx.query('ROLLBACK TO SAVEPOINT projection_event');
      } catch (rollbackError) {
        throw new TransientFailure(`the batch transaction was lost: ${String(rollbackError)}`);
      }
      throw error;
    }
    await this.tx.query('RELEASE SAVEPOINT projection_event');
  }

  async skip(streamId: string, revision: bigint): Promise<void> {
    await this.advance([{ streamId, from: revision - 1n, to: revision }]);
  }

  private async advance(advances: readonly RevisionAdvance[]): Promise<void> {
    const payloads = appliedRevisionPayloads(this.guard, advances.map(({ streamId, to }) => ({ streamId, revision: to })));
    await advanceRevisions(this.tx, this.schema, this.guard, advances, { channel: this.channel, payloads });
  }
}
