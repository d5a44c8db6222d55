import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../errors/problem-details';
import { sendProblem } from '../errors/send-problem';
import type { RequestLimiter } from '../abuse/request-limiter';
import type { AppLogger } from '../logging/create-logger';
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

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** API.md: `/health/*` stays open to every caller (orchestrators probe it without a token). */
function isHealth(path: string): boolean {
  return path === '/health' || path.startsWith('/health/');
}

/** `/metrics` and `/docs`: open or for operators, as OPERATIONS_ACCESS says. */
function isOperations(path: string): boolean {
  return path === '/metrics' || path === '/docs' || path.startsWith('/docs/');
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
 * are closed. Unknown paths are 401 too: an anonymous caller learns nothing about routes.
 */
export function registerAuthentication(fastify: FastifyInstance, authentication: Authentication): void {
  const { verifier, settings, logger, limiter } = authentication;
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (isHealth(path)) return;
    const operations = isOperations(path);
    const open = operations && settings.operationsAccess === 'open';
    const token = open ? undefined : bearerTokenOf(request);
    let refusal: string | undefined = open ? undefined : 'missing';
    if (token !== undefined) {
      try {
        request.principal = await verifier.verify(token);
        refusal = undefined;
      } catch (error) {
        if (!(error instanceof InvalidToken)) {
          logger.warn({ err: error, correlationId: request.id }, 'access token not verified: the issuer keys are unavailable');
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
      return sendProblem(request, reply, problem(403, 'FORBIDDEN', `${path} is for operators.`));
    }
  });
}
