import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER } from '../correlation/correlation-id';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/** Domain facts may hold bigints (money in minor units); JSON has none, so they travel as strings. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Writes a problem as the response. The correlation id is set here as well as in the request
 * hook because some errors (a malformed URL) are answered before any hook runs.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails): void {
  void reply
    .status(problem.status)
    .header(CORRELATION_ID_HEADER, request.id)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem, jsonValue));
}
