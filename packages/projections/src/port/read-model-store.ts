import { type RecordedEvent } from '@ledger/event-store';
import { type UnitOfWork } from './unit-of-work';

/**
 * Writes one projection's read model inside one unit of work, guarded by stream revision.
 *
 * The runtime promises every writer: events of a stream arrive in revision order, and the first
 * event of a stream in a call is exactly the revision after the one `lastRevisions` reported
 * (duplicates were dropped, gaps healed from the event store). The writer promises the runtime:
 * the new revisions are recorded in the same atomic write as the data they guard, and a write
 * that finds the guard moved by someone else fails with `ConcurrentWriteError` instead of
 * applying anything twice.
 */
export interface ReadModelWriter {
  /** The last revision applied for each stream; absent = nothing applied yet. */
  lastRevisions(streamIds: readonly string[]): Promise<ReadonlyMap<string, bigint>>;
  /** Applies the events and records their revisions, all or nothing. */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  /** Applies one event such that its failure leaves no trace and does not spoil the unit. */
  applyOne(event: RecordedEvent): Promise<void>;
  /** Records `revision` as applied without applying it (an operator skipped the event). */
  skip(streamId: string, revision: bigint): Promise<void>;
}

/** Where one projection's read model lives (PostgreSQL tables, a MongoDB collection). */
export interface ReadModelStore {
  /**
   * A writer for one unit of work. PostgreSQL read models write through `unit.sql`, so their
   * rows, guard and dead letters commit together; others write beside it (see `UnitOfWork`).
   */
  writerFor(unit: UnitOfWork): ReadModelWriter;
  /** True for failures that say nothing about the event (server away, conflict): retry as they are. */
  isTransient(error: unknown): boolean;
}
