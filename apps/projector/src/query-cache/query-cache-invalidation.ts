import { APP_CONFIG, atMostEvery, LOGGER, type AppLogger } from '@ledger/platform';
import { connectQueryCacheRedis, RevisionGuardedCache, type ProjectionDefinition } from '@ledger/projections';
import { AccountSummaryInvalidation } from '@ledger/projections/accounts';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ProjectorConfig } from '../projector.config';

const WARN_EVERY_MS = 10_000;

/**
 * Invalidates the query API's cache of account reads (docs/operations.md, "Query cache") after
 * each committed batch of account-summary. Always on, whether or not the query API reads the
 * cache: a query API turning QUERY_CACHE on must never find views the projector did not keep
 * current. Its Redis is REDIS_URL, the rate limits' server, through a client of its own.
 */
@Injectable()
export class QueryCacheInvalidation implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly invalidation: AccountSummaryInvalidation;

  constructor(@Inject(APP_CONFIG) config: ProjectorConfig, @Inject(LOGGER) logger: AppLogger) {
    const warnDue = atMostEvery(WARN_EVERY_MS);
    this.redis = connectQueryCacheRedis(config.redisUrl, (error) => {
      if (warnDue()) logger.warn({ err: error }, 'query cache unreachable: its tombstones are kept and sent when it is back');
    });
    this.invalidation = new AccountSummaryInvalidation({ cache: new RevisionGuardedCache(this.redis), logger });
  }

  /** `definitions` with account-summary's side effect set to invalidate the accounts each batch changed. */
  wire(definitions: readonly ProjectionDefinition[]): ProjectionDefinition[] {
    return definitions.map((definition) => (definition.name === 'account-summary' ? { ...definition, sideEffects: this.invalidation.afterCommit } : definition));
  }

  onApplicationShutdown(): void {
    this.invalidation.close();
    this.redis.disconnect();
  }
}
