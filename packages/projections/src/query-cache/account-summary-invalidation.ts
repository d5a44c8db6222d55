import { type RecordedEvent } from '@ledger/event-store';
import { type ProjectionLogger } from '../runtime/logger';
import { accountRevisionsOf, accountSummaryCacheKey, TOMBSTONE_TTL_MS } from './account-summary-cache';
import { RedisOutage } from './redis-outage';
import { type RevisionGuardedCache } from './revision-guarded-cache';

/** Accounts whose tombstone is still owed; past this an outage has lasted long enough for the TTL to be the remedy. */
const MAX_PENDING = 100_000;
const WARN_EVERY_MS = 10_000;

export interface AccountSummaryInvalidationOptions {
  readonly cache: RevisionGuardedCache;
  readonly logger: ProjectionLogger;
  readonly outage?: RedisOutage;
}

/**
 * The account-summary projection's side effect: after a unit commits (a live batch, an
 * operator's dead-letter retry or skip, a rebuild's swap for the events it took over), a
 * tombstone at the new revision for each account it changed, so the query API neither serves
 * the older view nor writes one back. Tombstones Redis did not take are kept and sent again with the next batch or
 * when Redis is asked again, newest revision per account (the cache's guard makes order and
 * repeats harmless); the views' TTL bounds what an outage longer than that leaves stale.
 */
export class AccountSummaryInvalidation {
  private readonly pending = new Map<string, bigint>();
  private readonly outage: RedisOutage;
  private retryTimer: NodeJS.Timeout | undefined;
  private warnedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AccountSummaryInvalidationOptions) {
    this.outage = options.outage ?? new RedisOutage();
  }

  /** For `ProjectionDefinition.sideEffects`: runs after the unit that applied `applied` committed. */
  readonly afterCommit = async (applied: readonly RecordedEvent[]): Promise<void> => {
    for (const { accountId, revision } of accountRevisionsOf(applied)) {
      const owed = this.pending.get(accountId);
      if (owed === undefined || revision > owed) this.pending.set(accountId, revision);
    }
    if (this.pending.size > MAX_PENDING) this.giveUp();
    if (this.outage.paused) return this.retrySoon();
    await this.flush();
  };

  /** Tombstones not yet in Redis (for tests and the shutdown log). */
  get owed(): number {
    return this.pending.size;
  }

  close(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async flush(): Promise<void> {
    const sending = [...this.pending];
    const results = await Promise.allSettled(sending.map(([accountId, revision]) => this.options.cache.invalidate(accountSummaryCacheKey(accountId), revision, TOMBSTONE_TTL_MS)));
    let failure: unknown;
    results.forEach((result, index) => {
      const [accountId, revision] = sending[index] ?? ['', 0n];
      // A newer revision owed meanwhile stays owed.
      if (result.status === 'fulfilled' && this.pending.get(accountId) === revision) this.pending.delete(accountId);
      if (result.status === 'rejected') failure ??= result.reason;
    });
    if (failure === undefined) return;
    this.outage.failed();
    this.warn({ err: failure, owed: this.pending.size }, 'query cache unreachable: tombstones kept and sent again when it answers; cached account views may be stale meanwhile');
    this.retrySoon();
  }

  private retrySoon(): void {
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      if (this.pending.size > 0) void this.flush();
    }, this.outage.pauseMs).unref();
  }

  private giveUp(): void {
    this.warn({ dropped: this.pending.size }, 'query cache unreachable for too long: owed tombstones dropped; cached account views expire by their TTL');
    this.pending.clear();
  }

  private warn(fields: object, message: string): void {
    const now = performance.now();
    if (now - this.warnedAt < WARN_EVERY_MS) return;
    this.warnedAt = now;
    this.options.logger.warn(fields, message);
  }
}
