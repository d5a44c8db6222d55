import { env } from '@ledger/platform';

/** `true` or `false`, nothing looser: a typo such as `flase` fails at boot instead of meaning "on". */
function parseBoolean(value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`"${value}" is not true or false`);
}

/**
 * The Redis cache of `GET /accounts/{id}` (docs/operations.md, "Query cache"). On by default:
 * every deployment already runs Redis for the rate limits (REDIS_URL), and the projector
 * invalidates the cache whether or not it is read, so turning it on or off is this setting alone.
 */
export function queryCacheEnv() {
  return {
    queryCache: env.custom('QUERY_CACHE', true, parseBoolean),
    /** The safety net under the projector's invalidation: a view is dropped this long after it was cached. */
    queryCacheTtlSeconds: env.integer('QUERY_CACHE_TTL_SECONDS', 60, { min: 1, max: 86_400 }),
  };
}
