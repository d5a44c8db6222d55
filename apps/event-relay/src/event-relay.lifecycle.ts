import { HealthChecks } from '@ledger/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type EventRelayRuntime } from './create-event-relay';
import { relayHealth } from './relay/relay-health';

/** The wired relay (`EventRelayRuntime`). */
export const EVENT_RELAY = Symbol('EVENT_RELAY');

/**
 * Starts the relay once the app is up, without waiting for it (a standby may wait for hours,
 * and /health must answer meanwhile), and stops it before the database pool closes: the
 * batch in hand is finished and checkpointed, the lock released, then the process exits 0.
 */
@Injectable()
export class EventRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(EVENT_RELAY) private readonly runtime: EventRelayRuntime, healthChecks: HealthChecks) {
    healthChecks.register({ name: 'relay', check: () => relayHealth(runtime.status) });
  }

  onApplicationBootstrap(): void {
    this.runtime.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
