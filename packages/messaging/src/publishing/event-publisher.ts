import { type RecordedEvent } from '@ledger/event-store';

/**
 * Sends stored events to the message broker (the relay's outbound port).
 *
 * Guarantees:
 * - `publish` resolves only after the broker durably acknowledged every event of the call
 *   (on Kafka: written to all in-sync replicas). Only then may a caller checkpoint past them.
 * - Events of one stream are written in the order given, and every event of a call is written
 *   before any event of the next call. Calls must not overlap: await each before the next.
 * - A rejection means some, all or none of the events may have been written: publish the same
 *   events again. Delivery is at-least-once, so consumers see duplicates, never a loss.
 */
export interface EventPublisher {
  publish(events: readonly RecordedEvent[]): Promise<void>;
}
