import { Redis } from 'ioredis';
import type { HealthChecks } from '../health/health-checks';
import { atMostEvery } from '../logging/at-most-every';
import type { AppLogger } from '../logging/create-logger';

const FIRST_CONNECTION_WAIT_MS = 1_000;

function readyWithin(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    // Resolves either way: the ping that follows says whether it worked.
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
}

/** How often an unreachable Redis is logged: every failed reconnect would flood the log. */
const LOG_EVERY_MS = 30_000;

/**
 * The app's Redis client for shared counters. It never queues a command while disconnected and
 * gives each one 500 ms, so a Redis outage fails a command at once or soon (the counters then go
 * on per instance); it reconnects on its own and is reported, optional, on /health.
 */
export function connectRedis(url: string, logger: AppLogger, healthChecks: HealthChecks): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    // The counters' commands of one event-loop turn go out in one write.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  const logDue = atMostEvery(LOG_EVERY_MS);
  redis.on('error', (error: Error) => {
    if (logDue()) logger.warn({ err: error }, 'redis unreachable: each instance counts rate limits alone until it is back');
  });
  healthChecks.register({
    name: 'redis',
    optional: true,
    check: async () => {
      // Just after boot the first connection may still be opening: wait for it rather than report down.
      if (redis.status === 'connecting' || redis.status === 'connect') await readyWithin(redis, FIRST_CONNECTION_WAIT_MS);
      await redis.ping();
    },
  });
  return redis;
}
