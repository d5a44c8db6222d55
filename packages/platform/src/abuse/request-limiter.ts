import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimitSettings } from './rate-limit-config';
import { addressKey } from './address-key';
import { SharedWindowCounter } from './shared-window-counter';

const MINUTE_MS = 60_000;

/** What one request used of its caller's limit. */
export interface LimitOutcome {
  readonly exceeded: boolean;
  readonly limit: number;
  readonly retryAfterSeconds: number;
}

/** Counts a request against its caller: the subject when verified, the address otherwise. */
export type RequestLimiter = (request: FastifyRequest) => Promise<LimitOutcome>;

/** One of the two limits: its size, whose requests it counts, and its check once made. */
interface Limit {
  readonly max: number;
  readonly keyOf: (request: FastifyRequest) => string;
  check: ReturnType<FastifyInstance['createRateLimit']> | undefined;
}

/** `@fastify/rate-limit`'s store contract, over a counter shared through Redis. */
function sharedStore(counter: SharedWindowCounter) {
  return class SharedWindowStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void {
      counter.increment(key, timeWindow, max).then(
        (count) => callback(null, count),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): this {
      return this;
    }
  };
}

/**
 * `@fastify/rate-limit`, used by the authentication hook rather than on every route by itself
 * (the key is known only once the token is verified), over fixed windows of a minute counted in
 * Redis by `SharedWindowCounter`: its own Redis store costs a round trip per request, a fifth of
 * the query API's throughput (bench Q1).
 */
export function registerRequestLimiter(fastify: FastifyInstance, app: string, settings: RateLimitSettings, redis: Redis): RequestLimiter {
  // Each app has its own budget: a client polling the query API does not use up its commands.
  const counter = new SharedWindowCounter(redis, `ledger-rate-limit:${app}:`);
  void fastify.register(fastifyRateLimit, { global: false, store: sharedStore(counter), skipOnError: true });
  // Each check is made on first use: `createRateLimit` exists once the plugin has loaded, after this returns.
  const subject: Limit = { max: settings.rateLimitPerMinute, keyOf: (request) => `subject:${request.principal?.subject ?? ''}`, check: undefined };
  const anonymous: Limit = { max: settings.rateLimitAnonymousPerMinute, keyOf: (request) => `address:${addressKey(request.ip)}`, check: undefined };
  return async (request) => {
    const limit = request.principal === undefined ? anonymous : subject;
    limit.check ??= fastify.createRateLimit({ max: limit.max, timeWindow: MINUTE_MS, keyGenerator: limit.keyOf });
    const outcome = await limit.check(request);
    if (outcome.isAllowed) return { exceeded: false, limit: limit.max, retryAfterSeconds: 0 };
    return { exceeded: outcome.isExceeded, limit: limit.max, retryAfterSeconds: Math.max(1, outcome.ttlInSeconds) };
  };
}
