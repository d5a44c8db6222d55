import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER } from '../correlation/correlation-id';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/** Domain facts may hold bigints (money in minor units); JSON has none, so they travel as strings. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Writes a problem as the response. The correlation id is set here as well as in the request
 * hook because some errors (a malformed URL) are answered before any hook runs. A problem with
 * a `retryAfterSeconds` member (a temporary condition, e.g. a read model still catching up)
 * also gets the standard `Retry-After` header, which HTTP clients and proxies understand.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails): void {
  const retryAfter = problem['retryAfterSeconds'];
  if (typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter >= 0) void reply.header('retry-after', String(retryAfter));
  void reply
    .status(problem.status)
    .header(CORRELATION_ID_HEADER, request.id)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem, jsonValue));
}
