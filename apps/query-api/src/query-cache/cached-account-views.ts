import { APP_CONFIG, mayActFor, type Principal } from '@ledger/platform';
import { accountSummaryCacheKey } from '@ledger/projections/accounts';
import { Inject, Injectable } from '@nestjs/common';
import type { AccountView } from '../accounts/account.view';
import type { QueryApiConfig } from '../query-api.config';
import type { ReadYourWritesRequest } from '../read-models/read-your-writes';
import { QueryCacheConnection } from './query-cache.connection';
import { QueryCacheMetrics, type QueryCacheOutcome } from './query-cache.metrics';

/**
 * `GET /accounts/{id}` through the query cache. A cached view answers only a read it can answer
 * exactly as the database would: it was read from the live generation of account-summary (no
 * rebuild replaced the read model since), it is at least `minRevision`, and the reader may see
 * the account. Anything else takes the uncached path, so a customer's 404 for another owner's
 * account costs and says the same whether it is cached or not. Redis failing never fails a read.
 */
@Injectable()
export class CachedAccountViews {
  private readonly ttlMs: number;

  constructor(
    private readonly connection: QueryCacheConnection,
    private readonly metrics: QueryCacheMetrics,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.ttlMs = config.queryCacheTtlSeconds * 1_000;
  }

  /** False with QUERY_CACHE off: nothing is looked up for it then, not even the generation. */
  get enabled(): boolean {
    return this.connection.cache !== undefined;
  }

  /**
   * The cached answer to this read, or undefined to read the database. `generation` is the live
   * one of account-summary (`ReadModelGenerations`); undefined while it is unknown, when the
   * cache cannot tell a current view from one of a replaced read model and is not used.
   */
  async answer(accountId: string, generation: bigint | undefined, { minRevision }: ReadYourWritesRequest, reader: Principal): Promise<AccountView | undefined> {
    const { cache, outage } = this.connection;
    if (cache === undefined) return undefined;
    if (outage.paused || generation === undefined) return this.counted('error', undefined);
    let view: AccountView | undefined;
    try {
      const cached = await cache.read(accountSummaryCacheKey(accountId), generation);
      if (cached === undefined) return this.counted('miss', undefined);
      if (minRevision !== undefined && cached.revision < minRevision) return this.counted('bypass', undefined);
      view = JSON.parse(cached.payload) as AccountView;
    } catch (error) {
      this.connection.failed(error);
      return this.counted('error', undefined);
    }
    if (!mayActFor(reader, view.ownerId)) return this.counted('bypass', undefined);
    return this.counted('hit', view);
  }

  /**
   * Caches a view the database just answered, unless the projector has committed a newer revision
   * since. `generation` must have been learned before that database read, never after it.
   */
  async remember(view: AccountView, generation: bigint | undefined): Promise<void> {
    const { cache, outage } = this.connection;
    if (cache === undefined || outage.paused || generation === undefined) return;
    try {
      await cache.fill(accountSummaryCacheKey(view.accountId), BigInt(view.revision), generation, JSON.stringify(view), this.ttlMs);
    } catch (error) {
      this.connection.failed(error);
    }
  }

  private counted<T>(outcome: QueryCacheOutcome, answer: T): T {
    this.metrics.count(outcome);
    return answer;
  }
}
