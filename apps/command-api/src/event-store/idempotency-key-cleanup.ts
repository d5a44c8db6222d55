import { type CommandIdempotency } from '@ledger/event-store';
import { LOGGER, type AppLogger } from '@ledger/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { COMMAND_IDEMPOTENCY } from './event-store.tokens';

const EVERY_MS = 10 * 60_000;
const BATCH = 1_000;

/**
 * Deletes expired idempotency keys every ten minutes, in batches, so the table stays the size
 * of one time-to-live of traffic. Every instance runs it; the delete skips rows another
 * instance is deleting, so they share the work instead of blocking each other. On KurrentDB,
 * which scavenges expired keys itself, each round finds nothing to do.
 */
@Injectable()
export class IdempotencyKeyCleanup implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(COMMAND_IDEMPOTENCY) private readonly idempotency: CommandIdempotency,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.deleteExpired(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many keys went; failures are logged and left for the next round. */
  async deleteExpired(): Promise<number> {
    let total = 0;
    try {
      for (let deleted = BATCH; deleted === BATCH; total += deleted) {
        deleted = await this.idempotency.deleteExpired(BATCH);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotency key cleanup failed; retrying next round');
    }
    if (total > 0) this.logger.info({ deleted: total }, 'expired idempotency keys deleted');
    return total;
  }
}
