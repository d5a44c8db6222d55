import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Request headers a browser client may send across origins: the ones the API reads. */
const allowedHeaders = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'traceparent'];
/** Response headers a browser client may read across origins: the ones the API documents. */
const exposedHeaders = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed', 'X-Correlation-Id', 'WWW-Authenticate'];

/**
 * The headers of `@fastify/helmet` that protect a JSON API (OWASP's REST list): HSTS, nosniff,
 * no framing, no referrer, same-origin resource policy. Helmet's others concern HTML documents
 * (CSP, the cross-origin isolation headers, old Internet Explorer switches); all twelve cost the
 * query API about a sixth of its throughput (bench Q1), and the /docs UI works without them.
 */
const apiHeaders = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  dnsPrefetchControl: false,
  ieNoOpen: false,
  permittedCrossDomainPolicies: false,
  xssFilter: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
} as const;

/**
 * Security headers on every response and CORS for the origins in CORS_ORIGINS only; with none
 * configured no origin is allowed, so a browser page elsewhere cannot call the API with a user's
 * token. Loaded before any other hook is added, so their hooks run first: a 401, a 429 or a
 * preflight answered early carries the headers too.
 */
export async function registerBrowserSecurity(fastify: FastifyInstance, corsOrigins: readonly string[]): Promise<void> {
  await fastify.register(fastifyHelmet, { global: true, ...apiHeaders });
  if (corsOrigins.length === 0) return;
  await fastify.register(fastifyCors, {
    origin: [...corsOrigins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders,
    exposedHeaders,
    maxAge: 600,
  });
}
