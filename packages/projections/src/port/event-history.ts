import { type EventStore } from '@ledger/event-store';

/** The part of the event store a rebuild needs: `$all` in order, and how much of it is left. */
export interface EventHistory extends Pick<EventStore, 'readAll'> {
  /** How many events lie after `position` (after none when undefined): the total of a progress bar. */
  countAfter(position: bigint | undefined): Promise<bigint>;
}
