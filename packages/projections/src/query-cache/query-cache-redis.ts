import { Redis } from 'ioredis';

/**
 * A Redis client for the query cache. A cache must never be slower than what it saves: no
 * command waits in a queue while disconnected, each gets 250 ms (a lookup takes well under a
 * millisecond), and the caller goes without the cache instead. It reconnects on its own;
 * `onError` hears every failure of the connection, to log as the caller sees fit.
 */
export function connectQueryCacheRedis(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    // The lookups and fills of one event-loop turn go out in one write.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 250,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on('error', onError);
  return redis;
}
