import { type Pool } from 'pg';
import { type PoolUsage } from '../metrics/db-pool-metrics';

/** pg's own counters: `totalCount` includes connections being opened, which a caller is waiting on. */
export function pgPoolUsage(pool: Pool): PoolUsage {
  return {
    inUse: Math.max(0, pool.totalCount - pool.idleCount),
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  };
}
