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
 * exactly as the database would: it is at least `minRevision`, and the reader may see the account.
 * Anything else takes the uncached path, so a customer's 404 for another owner's account costs
 * and says the same whether it is cached or not. Redis failing never fails a read.
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

  /** The cached answer to this read, or undefined to read the database. */
  async answer(accountId: string, { minRevision }: ReadYourWritesRequest, reader: Principal): Promise<AccountView | undefined> {
    const { cache, outage } = this.connection;
    if (cache === undefined) return undefined;
    if (outage.paused) return this.counted('error', undefined);
    let view: AccountView | undefined;
    try {
      const cached = await cache.read(accountSummaryCacheKey(accountId));
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

  /** Caches a view the database just answered, unless the projector has committed a newer revision since. */
  async remember(view: AccountView): Promise<void> {
    const { cache, outage } = this.connection;
    if (cache === undefined || outage.paused) return;
    try {
      await cache.fill(accountSummaryCacheKey(view.accountId), BigInt(view.revision), JSON.stringify(view), this.ttlMs);
    } catch (error) {
      this.connection.failed(error);
    }
  }

  private counted<T>(outcome: QueryCacheOutcome, answer: T): T {
    this.metrics.count(outcome);
    return answer;
  }
}
