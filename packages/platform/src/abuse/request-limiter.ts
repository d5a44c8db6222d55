import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimitSettings } from './rate-limit-config';

const MINUTE_MS = 60_000;

/** What one request used of its caller's limit. */
export interface LimitOutcome {
  readonly exceeded: boolean;
  readonly limit: number;
  readonly retryAfterSeconds: number;
}

/** Counts a request against its caller: the subject when verified, the address otherwise. */
export type RequestLimiter = (request: FastifyRequest) => Promise<LimitOutcome>;

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * `@fastify/rate-limit` with its Redis store, used by the authentication hook rather than on every
 * route by itself: the key is known only once the token is verified. Fixed windows of a minute;
 * a Redis that does not answer lets the request through (`skipOnError`) rather than failing it.
 */
export function registerRequestLimiter(fastify: FastifyInstance, app: string, settings: RateLimitSettings, redis: Redis): RequestLimiter {
  // Each app has its own budget: a client polling the query API does not use up its commands.
  void fastify.register(fastifyRateLimit, { global: false, redis, skipOnError: true, nameSpace: `ledger-rate-limit:${app}:` });
  let checks: { subject: Check; anonymous: Check } | undefined;
  const checksOf = () =>
    (checks ??= {
      subject: fastify.createRateLimit({
        max: settings.rateLimitPerMinute,
        timeWindow: MINUTE_MS,
        keyGenerator: (request) => `subject:${request.principal?.subject ?? ''}`,
      }),
      anonymous: fastify.createRateLimit({ max: settings.rateLimitAnonymousPerMinute, timeWindow: MINUTE_MS, keyGenerator: (request) => `address:${request.ip}` }),
    });
  return async (request) => {
    const anonymous = request.principal === undefined;
    const outcome = await (anonymous ? checksOf().anonymous : checksOf().subject)(request);
    const limit = anonymous ? settings.rateLimitAnonymousPerMinute : settings.rateLimitPerMinute;
    if (outcome.isAllowed) return { exceeded: false, limit, retryAfterSeconds: 0 };
    return { exceeded: outcome.isExceeded, limit, retryAfterSeconds: Math.max(1, outcome.ttlInSeconds) };
  };
}
