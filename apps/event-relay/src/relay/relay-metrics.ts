import { type RecordedEvent } from '@ledger/event-store';
import { Counter, Histogram, type Registry } from 'prom-client';

/** What the relay counts as it works; gauges of its state live in relay-gauges.ts. */
export class RelayMetrics {
  private readonly published: Counter;
  private readonly batchSize: Histogram;
  private readonly publishDuration: Histogram;
  private readonly failures: Counter;

  constructor(registry: Registry) {
    this.published = new Counter({
      name: 'ledger_relay_events_published_total',
      help: 'Events acknowledged by Kafka and checkpointed (re-published duplicates after a restart included)',
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: 'ledger_relay_batch_size',
      help: 'Events per Kafka request: 1 while idle, up to RELAY_BATCH_SIZE on a backlog',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500],
      registers: [registry],
    });
    this.publishDuration = new Histogram({
      name: 'ledger_relay_publish_duration_seconds',
      help: 'From handing a batch to Kafka to its checkpoint being saved (acks=all included)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'ledger_relay_failures_total',
      help: 'Relay passes that failed (read, publish or checkpoint) and were retried from the checkpoint',
      registers: [registry],
    });
  }

  batchPublished(batch: readonly RecordedEvent[], seconds: number): void {
    this.published.inc(batch.length);
    this.batchSize.observe(batch.length);
    this.publishDuration.observe(seconds);
  }

  passFailed(): void {
    this.failures.inc();
  }
}
