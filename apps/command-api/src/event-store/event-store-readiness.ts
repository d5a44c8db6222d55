/**
 * Whether the selected event store can take commands (`EventStoreSchema` on PostgreSQL,
 * `KurrentDbReadiness` on KurrentDB), injected by this class.
 */
export abstract class EventStoreReadiness {
  /** Throws 503 EVENT_STORE_UNAVAILABLE while the store cannot take commands yet. */
  abstract assertReady(): void;
}
