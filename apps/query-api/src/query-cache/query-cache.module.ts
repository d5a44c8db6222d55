import { Module } from '@nestjs/common';
import { CachedAccountViews } from './cached-account-views';
import { QueryCacheConnection } from './query-cache.connection';
import { QueryCacheMetrics } from './query-cache.metrics';

/** The Redis cache of account reads, filled here and invalidated by the projector (docs/operations.md, "Query cache"). */
@Module({
  providers: [QueryCacheConnection, QueryCacheMetrics, CachedAccountViews],
  exports: [CachedAccountViews],
})
export class QueryCacheModule {}
