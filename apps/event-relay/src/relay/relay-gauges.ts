import { Gauge, type Registry } from 'prom-client';
import { type RelayStatus } from './relay-status';
import { ageInSeconds } from './unpublished-age';

/**
 * `ledger_relay_leader`, `ledger_relay_checkpoint_position`, `ledger_relay_lag_positions` and
 * `ledger_relay_lag_seconds`, read at scrape time. A failed read keeps the last values: /health
 * says why, and a scrape must not fail because the database is away.
 */
export function registerRelayGauges(registry: Registry, status: RelayStatus): void {
  const read = () => status.report().catch(() => undefined);
  new Gauge({
    name: 'ledger_relay_leader',
    help: '1 while this instance is the active relay, 0 while it is a standby (or stopped)',
    registers: [registry],
    collect() {
      this.set(status.role === 'leader' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ledger_relay_checkpoint_position',
    help: 'Store position up to which every event is acknowledged by Kafka',
    registers: [registry],
    async collect() {
      const report = await read();
      if (report !== undefined) this.set(Number(report.checkpoint));
    },
  });
  new Gauge({
    name: 'ledger_relay_lag_positions',
    help: 'Event store head position minus the checkpoint (an upper bound of events not yet on Kafka)',
    registers: [registry],
    async collect() {
      const report = await read();
      if (report !== undefined) this.set(Number(report.lag));
    },
  });
  new Gauge({
    name: 'ledger_relay_lag_seconds',
    help: 'Age of the oldest event not yet published to Kafka (0 when caught up)',
    registers: [registry],
    async collect() {
      const report = await read();
      if (report !== undefined) this.set(ageInSeconds(report.oldestUnpublishedAt));
    },
  });
}
