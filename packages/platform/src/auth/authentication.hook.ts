import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../errors/problem-details';
import { sendProblem } from '../errors/send-problem';
import type { RequestLimiter } from '../abuse/request-limiter';
import { atMostEvery } from '../logging/at-most-every';
import type { AppLogger } from '../logging/create-logger';
import { OPEN_ROUTE_CONFIG } from './access.decorators';
import type { AuthSettings } from './auth-config';
import type { Principal } from './principal';
import { InvalidToken, type TokenVerifier } from './token-verifier';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the bearer token is verified; undefined on open paths. */
    principal?: Principal;
  }
}

/** When the issuer's keys cannot be fetched, a client should try again shortly. */
const KEYS_UNAVAILABLE_RETRY_SECONDS = 5;
/** An issuer outage fails every request: one warning per half minute says it. */
const KEYS_WARNING_EVERY_MS = 30_000;

/**
 * The route the router matched (`/health/live`, `/docs/json`, `/accounts/:id`), never the raw URL:
 * `/%6Detrics` or `/metrics#x` reach the metrics route while their text is not "/metrics".
 * Undefined for a path nothing serves.
 */
function routeOf(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions.url;
}

/** API.md: `/health/*` stays open to every caller (orchestrators probe it without a token). */
function isHealth(route: string | undefined): boolean {
  return route === '/health' || route?.startsWith('/health/') === true;
}

/** A route declared `@OpenToAnyone()` on its method (the console's page and assets). */
function isOpenRoute(request: FastifyRequest): boolean {
  if (request.is404) return false;
  const config: unknown = request.routeOptions.config;
  return typeof config === 'object' && config !== null && (config as Record<string, unknown>)[OPEN_ROUTE_CONFIG] === true;
}

/** `/metrics` and `/docs`: open or for operators, as OPERATIONS_ACCESS says. */
function isOperations(route: string | undefined): boolean {
  return route === '/metrics' || route === '/docs' || route?.startsWith('/docs/') === true;
}

function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match?.[1];
}

/** RFC 6750: a 401 names the scheme, and the error when a token was sent but refused. */
function challenge(request: FastifyRequest, reply: FastifyReply, reason: string | undefined): void {
  const error = reason === undefined ? '' : `, error="invalid_token", error_description="${reason.replaceAll('"', "'")}"`;
  void reply.header('www-authenticate', `Bearer realm="ledger"${error}`);
  const detail = reason === undefined ? 'This endpoint needs an access token: send Authorization: Bearer <token>.' : `The access token was refused: ${reason}.`;
  sendProblem(request, reply, problem(401, 'UNAUTHENTICATED', detail));
}

/** What the authentication hook needs: the verifier, the settings, a logger and, for apps that serve clients, the limiter. */
export interface Authentication {
  readonly verifier: TokenVerifier;
  readonly settings: AuthSettings;
  readonly logger: AppLogger;
  readonly limiter?: RequestLimiter;
}

function tooManyRequests(request: FastifyRequest, reply: FastifyReply, limit: number, retryAfterSeconds: number): void {
  const who = request.principal === undefined ? 'this address without a valid token' : 'this subject';
  sendProblem(
    request,
    reply,
    problem(429, 'RATE_LIMITED', `More than ${limit} requests a minute from ${who}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  );
}

/**
 * Authenticates every request before its body is read: a bearer token, verified, becomes
 * `request.principal`; none, or one that fails verification, is a 401 problem with
 * `WWW-Authenticate: Bearer`. Each request then counts against its caller's rate limit (the
 * subject, or the address when there is no valid token), so a flood of bad tokens is cut off with
 * 429 like any other. What each principal may do is the route's to say (`@Allow`, checked by
 * `AccessGuard`), except for /metrics and /docs, which this hook keeps for operators when they
 * are closed. Routes declared `@OpenToAnyone()` on their method pass like /health (no token,
 * no rate limit: they serve static files). Unknown paths are 401 too: an anonymous caller learns nothing about routes.
 */
export function registerAuthentication(fastify: FastifyInstance, authentication: Authentication): void {
  const { verifier, settings, logger, limiter } = authentication;
  const keysWarningDue = atMostEvery(KEYS_WARNING_EVERY_MS);
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request, reply) => {
    const route = routeOf(request);
    if (isHealth(route) || isOpenRoute(request)) return;
    const operations = isOperations(route);
    const open = operations && settings.operationsAccess === 'open';
    const token = open ? undefined : bearerTokenOf(request);
    let refusal: string | undefined = open ? undefined : 'missing';
    if (token !== undefined) {
      try {
        request.principal = await verifier.verify(token);
        refusal = undefined;
      } catch (error) {
        if (!(error instanceof InvalidToken)) {
          if (keysWarningDue()) logger.warn({ err: error, correlationId: request.id }, 'access tokens not verified: the issuer keys are unavailable');
          return sendProblem(
            request,
            reply,
            problem(503, 'AUTHENTICATION_UNAVAILABLE', 'The access token cannot be verified right now; try again shortly.', {
              retryAfterSeconds: KEYS_UNAVAILABLE_RETRY_SECONDS,
            }),
          );
        }
        refusal = error.reason;
      }
    }
    if (limiter !== undefined) {
      const outcome = await limiter(request);
      if (outcome.exceeded) return tooManyRequests(request, reply, outcome.limit, outcome.retryAfterSeconds);
    }
    if (refusal !== undefined) return challenge(request, reply, refusal === 'missing' ? undefined : refusal);
    if (operations && !open && request.principal?.roles.includes('operator') !== true) {
      return sendProblem(request, reply, problem(403, 'FORBIDDEN', `${route ?? 'This path'} is for operators.`));
    }
  });
}
