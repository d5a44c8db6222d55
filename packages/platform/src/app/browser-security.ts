import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Request headers a browser client may send across origins: the ones the API reads. */
const allowedHeaders = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'traceparent'];
/** Response headers a browser client may read across origins: the ones the API documents. */
const exposedHeaders = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed', 'X-Correlation-Id', 'WWW-Authenticate'];

/**
 * Security headers on every response (`@fastify/helmet`'s defaults: HSTS, nosniff, frame denial,
 * a same-origin CSP the /docs UI works with) and CORS for the origins in CORS_ORIGINS only; with
 * none configured no origin is allowed, so a browser page elsewhere cannot call the API with a
 * user's token. Loaded before any other hook is added, so their hooks run first: a 401, a 429 or
 * a preflight answered early carries the headers too.
 */
export async function registerBrowserSecurity(fastify: FastifyInstance, corsOrigins: readonly string[]): Promise<void> {
  await fastify.register(fastifyHelmet, { global: true });
  if (corsOrigins.length === 0) return;
  await fastify.register(fastifyCors, {
    origin: [...corsOrigins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders,
    exposedHeaders,
    maxAge: 600,
  });
}
