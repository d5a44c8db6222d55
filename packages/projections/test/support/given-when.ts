import { type AccountEvent } from '@ledger/domain';
import { type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { type ProjectionHarness } from './projection-harness';
import { type PostgresUnderTest } from './test-stack';

/**
 * `given(events)` and `when(event)` of STYLE.md's projection specs: both append to the event
 * store (the source of truth the runtime heals gaps from) and deliver as one batch.
 */
export function givenWhen(pg: () => PostgresUnderTest, harness: () => ProjectionHarness) {
  const deliverNew = async (events: readonly AccountEvent[], metadata?: NewEvent['metadata']): Promise<RecordedEvent[]> => {
    const stored = await pg().append(events, metadata);
    await harness().deliver(...stored);
    return stored;
  };
  return {
    given: (...events: AccountEvent[]) => deliverNew(events),
    when: (...events: AccountEvent[]) => deliverNew(events),
    /** Stored, not delivered: events Kafka never brought (a gap). */
    storedOnly: (...events: AccountEvent[]) => pg().append(events),
    deliverNew,
  };
}
