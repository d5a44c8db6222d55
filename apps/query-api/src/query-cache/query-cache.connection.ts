import { atMostEvery, APP_CONFIG, LOGGER, type AppLogger } from '@ledger/platform';
import { connectQueryCacheRedis, RedisOutage, RevisionGuardedCache } from '@ledger/projections';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { QueryApiConfig } from '../query-api.config';

const WARN_EVERY_MS = 10_000;

/**
 * The query cache's Redis, when QUERY_CACHE is on: a client of its own (not the rate limits'),
 * with a cache's short timeouts. `cache` is undefined when off; `failed` records a failed command
 * so that reads skip Redis for a second and the log says so at most every 10 s.
 */
@Injectable()
export class QueryCacheConnection implements OnApplicationShutdown {
  readonly cache: RevisionGuardedCache | undefined;
  readonly outage = new RedisOutage();
  private readonly redis: Redis | undefined;
  private readonly warnDue = atMostEvery(WARN_EVERY_MS);

  constructor(
    @Inject(APP_CONFIG) config: QueryApiConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.redis = config.queryCache ? connectQueryCacheRedis(config.redisUrl, (error) => this.warn(error)) : undefined;
    this.cache = this.redis === undefined ? undefined : new RevisionGuardedCache(this.redis);
  }

  failed(error: unknown): void {
    this.outage.failed();
    this.warn(error);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  private warn(error: unknown): void {
    if (this.warnDue()) this.logger.warn({ err: error }, 'query cache unreachable: account reads go to the database until it is back');
  }
}
