import { Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';

/** How an append ended (the event store's `AppendOutcome`, restated: platform does not depend on adapters). */
export type EventStoreAppendOutcome = 'appended' | 'conflict' | 'failed';

/**
 * `ledger_event_store_append_duration_seconds{outcome}` and `ledger_event_store_append_events`,
 * for every app that appends. It is the event store's `AppendObserver`: wrap the app's store in
 * `ObservedEventStore` (and its idempotency in `ObservedCommandIdempotency`) with it.
 */
@Injectable()
export class EventStoreAppendMetrics {
  private readonly duration: Histogram<'outcome'>;
  private readonly events: Histogram;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'ledger_event_store_append_duration_seconds',
      help: 'Time one append to the event store took, by outcome (appended, conflict: the stream moved on, failed)',
      labelNames: ['outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.events = new Histogram({
      name: 'ledger_event_store_append_events',
      help: 'Events carried by one append, whatever its outcome',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
      registers: [registry],
    });
  }

  appendSettled(outcome: EventStoreAppendOutcome, seconds: number, events: number): void {
    this.duration.observe({ outcome }, seconds);
    this.events.observe(events);
  }
}
