import { type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { type LedgerEvent } from '../../src/testing';
import { type ProjectionHarness } from './projection-harness';
import { type PostgresUnderTest } from './test-stack';

/**
 * `given(events)` and `when(event)` of STYLE.md's projection specs: both append to the event
 * store (the source of truth the runtime heals gaps from) and deliver as one batch.
 */
export function givenWhen(pg: () => PostgresUnderTest, harness: () => ProjectionHarness) {
  const deliverNew = async (events: readonly LedgerEvent[], metadata?: NewEvent['metadata']): Promise<RecordedEvent[]> => {
    const stored = await pg().append(events, metadata);
    await harness().deliver(...stored);
    return stored;
  };
  return {
    given: (...events: LedgerEvent[]) => deliverNew(events),
    when: (...events: LedgerEvent[]) => deliverNew(events),
    /** Stored, not delivered: events Kafka never brought (a gap). */
    storedOnly: (...events: LedgerEvent[]) => pg().append(events),
    deliverNew,
  };
}
