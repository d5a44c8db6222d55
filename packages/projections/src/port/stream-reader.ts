import { type EventStore } from '@ledger/event-store';

/** The part of the event store a projection needs: reading one stream to fill a gap. */
export type StreamReader = Pick<EventStore, 'readStream'>;
