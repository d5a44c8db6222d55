import { type RecordedEvent } from '@ledger/event-store';
import { type SqlTransaction } from '../port/sql-transaction';

/**
 * A read model in PostgreSQL tables: what its events write. The runtime calls it inside the
 * batch's transaction with events in revision order per stream, each the next one of its stream
 * (guard, duplicates and gaps are the runtime's job), and records the revisions itself in the
 * same transaction. Throwing refuses the events; the runtime then finds the failing one.
 */
export interface PostgresProjection {
  applyEvents(events: readonly RecordedEvent[], tx: SqlTransaction): Promise<void>;
}
