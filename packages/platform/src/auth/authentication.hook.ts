import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../errors/problem-details';
import { sendProblem } from '../errors/send-problem';
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

/**
 * Authenticates every request before its body is read: a bearer token, verified, becomes
 * `request.principal`; none, or one that fails verification, is a 401 problem with
 * `WWW-Authenticate: Bearer`. What each principal may do is the route's to say (`@Allow`, checked
 * by `AccessGuard`), except for /metrics and /docs, which this hook keeps for operators when
 * they are closed. Unknown paths are 401 too: an anonymous caller learns nothing about routes.
 */
export function registerAuthentication(fastify: FastifyInstance, verifier: TokenVerifier, settings: AuthSettings, logger: AppLogger): void {
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (isHealth(path)) return;
    const operations = isOperations(path);
    if (operations && settings.operationsAccess === 'open') return;
    const token = bearerTokenOf(request);
    if (token === undefined) return challenge(request, reply, undefined);
    try {
      request.principal = await verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken) return challenge(request, reply, error.reason);
      logger.warn({ err: error, correlationId: request.id }, 'access token not verified: the issuer keys are unavailable');
      return sendProblem(
        request,
        reply,
        problem(503, 'AUTHENTICATION_UNAVAILABLE', 'The access token cannot be verified right now; try again shortly.', {
          retryAfterSeconds: KEYS_UNAVAILABLE_RETRY_SECONDS,
        }),
      );
    }
    if (operations && !request.principal.roles.includes('operator')) {
      return sendProblem(request, reply, problem(403, 'FORBIDDEN', `${path} is for operators.`));
    }
  });
}
