import { env } from '../config/env';

/** Per-subject and per-address request limits, counted in Redis so every instance shares them. */
export interface RateLimitSettings {
  /** Redis for the counters (REDIS_URL); the local stack's in development. */
  readonly redisUrl: string;
  /** Requests one subject (a verified token's `sub`) may make per minute, across every instance of the app. */
  readonly rateLimitPerMinute: number;
  /** Requests one address may make per minute without a valid token (open endpoints, refused tokens). */
  readonly rateLimitAnonymousPerMinute: number;
}

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:16379';

/** The schema fields behind `RateLimitSettings`, spread into the config of each app that serves clients. */
export function rateLimitEnv() {
  return {
    redisUrl: env.developmentDefault(env.url('REDIS_URL', undefined, ['redis:', 'rediss:']), LOCAL_REDIS_URL),
    rateLimitPerMinute: env.integer('RATE_LIMIT_PER_MINUTE', 1_200, { min: 1, max: 1_000_000_000 }),
    rateLimitAnonymousPerMinute: env.integer('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 120, { min: 1, max: 1_000_000_000 }),
  };
}
