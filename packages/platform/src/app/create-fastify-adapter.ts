import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import type { RateLimitSettings } from '../abuse/rate-limit-config';
import { registerRequestLimiter } from '../abuse/request-limiter';
import type { AuthSettings } from '../auth/auth-config';
import { registerAuthentication } from '../auth/authentication.hook';
import type { TokenVerifier } from '../auth/token-verifier';
import { DEFAULT_HTTP_CONNECTION_TIMEOUT_MS, DEFAULT_HTTP_REQUEST_TIMEOUT_MS, type PlatformConfig } from '../config/platform-config';
import { CORRELATION_ID_HEADER, correlationIdFrom } from '../correlation/correlation-id';
import { registerCorrelationHook } from '../correlation/correlation.hook';
import { problemFor } from '../errors/problem-for';
import { sendProblem } from '../errors/send-problem';
import type { AppLogger } from '../logging/create-logger';
import { registerHttpMetricsHook } from '../metrics/http-metrics.hook';
import { registerHttpRouteSpanHook } from '../tracing/http-route-span.hook';
import { registerBrowserSecurity } from './browser-security';
import { registerJsonBodyParser } from './json-body-parser';
import { registerMethodNotAllowed } from './method-not-allowed.hook';

/** The HTTP server's limits (`platformEnv`: HTTP_REQUEST_TIMEOUT_MS, HTTP_CONNECTION_TIMEOUT_MS). */
export type HttpTimeouts = Pick<PlatformConfig, 'httpRequestTimeoutMs' | 'httpConnectionTimeoutMs' | 'trustedProxies'>;

/** Who may call (tokens, roles) and how often (rate limits, counted in Redis). */
export interface AccessControl {
  readonly verifier: TokenVerifier;
  readonly settings: AuthSettings;
  readonly limits?: { readonly app: string; readonly settings: RateLimitSettings; readonly redis: Redis };
}

/** API.md: a body over 64 KiB gets 413. */
export const BODY_LIMIT_BYTES = 65_536;

/**
 * The router rejects a malformed URL before any hook or Nest code runs; it is answered like every
 * other error. (This replaces the adapter's default handler, which only serves Nest's CSRF and
 * security-header features, unused here.)
 */
function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(request, reply, problemFor(error));
}

/**
 * One line per request instead of Fastify's two: the completed line carries the request too
 * (method, url), and no "incoming request" line precedes it. Log writes were a fifth of the
 * command API's CPU per deposit (bench A2).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {
    // Folded into requestCompleted.
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/**
 * The Fastify server under Nest: logs through the app's pino logger with the correlation id as
 * the request id, accepts JSON bodies only (Fastify's built-in text/plain parser is removed, and
 * Nest's own parsers are not registered: `bodyParser: false` in `createApp`) and refuses those
 * nested too deep or with repeated member names before parsing them, answers router errors as
 * problems, answers a known path asked with an undeclared method with 405 and `Allow`, and
 * times every response. A client that takes longer than the request timeout to send its request
 * gets 408; a connection silent for the connection timeout is closed. With `access`, every request
 * but /health needs a verified bearer token and counts against its caller's rate limit
 * (`registerAuthentication`), and responses carry security headers (and CORS, when configured).
 */
export async function createFastifyAdapter(
  logger: AppLogger,
  metrics: Registry,
  timeouts: HttpTimeouts = {},
  access?: AccessControl,
): Promise<FastifyAdapter> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    requestTimeout: timeouts.httpRequestTimeoutMs ?? DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: timeouts.httpConnectionTimeoutMs ?? DEFAULT_HTTP_CONNECTION_TIMEOUT_MS,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: timeouts.trustedProxies === undefined || timeouts.trustedProxies.length === 0 ? false : [...timeouts.trustedProxies],
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers[CORRELATION_ID_HEADER]),
    logController: new OneLinePerRequest({ requestIdLogLabel: 'correlationId' }),
    frameworkErrors: answerRouterError,
  });
  const fastify = adapter.getInstance();
  if (access !== undefined) await registerBrowserSecurity(fastify, access.settings.corsOrigins);
  fastify.removeContentTypeParser('text/plain');
  registerJsonBodyParser(fastify);
  registerCorrelationHook(fastify);
  registerHttpMetricsHook(fastify, metrics);
  registerHttpRouteSpanHook(fastify);
  // Before the 405 check: an anonymous caller learns nothing about which methods a path has.
  if (access !== undefined) {
    const limiter = access.limits === undefined ? undefined : registerRequestLimiter(fastify, access.limits.app, access.limits.settings, access.limits.redis);
    registerAuthentication(fastify, { verifier: access.verifier, settings: access.settings, logger, ...(limiter === undefined ? {} : { limiter }) });
  }
  registerMethodNotAllowed(fastify);
  return adapter;
}
