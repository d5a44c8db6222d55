import { type KurrentDbEventStore } from '@ledger/event-store/kurrentdb';
import { type HealthChecks, type HealthDetails } from '@ledger/platform';
import { EventStoreReadiness } from './event-store-readiness';

/**
 * KurrentDB has no schema to prepare, so commands are let through at once; while the server
 * is away they fail with 503 like on PostgreSQL (`isEventStoreUnreachable`). The `eventStore`
 * line on /health reads the newest record of `$all`: the cheapest request that proves the
 * server (or the cluster's leader) answers reads, not merely that a socket is open.
 */
export class KurrentDbReadiness extends EventStoreReadiness {
  constructor(
    private readonly store: KurrentDbEventStore,
    healthChecks: HealthChecks,
  ) {
    super();
    healthChecks.register({ name: 'eventStore', check: () => this.check() });
  }

  override assertReady(): void {
    // Nothing to wait for: see the class comment.
  }

  private async check(): Promise<HealthDetails> {
    for await (const _ of this.store.client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })) {
      // Reading is the check; what was read does not matter.
    }
    return { adapter: 'kurrentdb' };
  }
}
