import { Registry } from 'prom-client';
import { EventStoreAppendMetrics } from './event-store-append-metrics';

describe('EventStoreAppendMetrics', () => {
  it('times appends by outcome and counts the events of each, whatever its outcome', async () => {
    const registry = new Registry();
    const metrics = new EventStoreAppendMetrics(registry);

    metrics.appendSettled('appended', 0.004, 3);
    metrics.appendSettled('conflict', 0.002, 1);
    metrics.appendSettled('failed', 1.5, 300);

    const text = await registry.metrics();
    expect(text).toContain('ledger_event_store_append_duration_seconds_count{outcome="appended"} 1');
    expect(text).toContain('ledger_event_store_append_duration_seconds_count{outcome="conflict"} 1');
    expect(text).toContain('ledger_event_store_append_duration_seconds_count{outcome="failed"} 1');
    expect(text).toContain('ledger_event_store_append_events_bucket{le="2"} 1');
    expect(text).toContain('ledger_event_store_append_events_bucket{le="250"} 2');
    expect(text).toContain('ledger_event_store_append_events_bucket{le="500"} 3');
    expect(text).toContain('ledger_event_store_append_events_sum 304');
  });
});
