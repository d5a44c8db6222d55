import type { FastifyInstance } from 'fastify';
import { ValidationFailedException } from '../errors/validation-failed.exception';
import { jsonShapeViolationOf } from './json-body-shape';

/**
 * Replaces Fastify's `application/json` parser with one that first refuses bodies nested too
 * deep or with a repeated member name (see `jsonShapeViolationOf`), as a 400 `VALIDATION_FAILED`
 * naming the place, before anything parses, transforms or validates them. The parse itself is
 * still Fastify's (secure-json-parse: `__proto__` and `constructor.prototype` refused), with its
 * errors for an empty or malformed body, and the server's body limit still applies.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    const violation = jsonShapeViolationOf(body);
    // Fastify's default parser is synchronous; its type also allows a promise.
    if (violation === undefined) void parseJson(request, body, done);
    else done(new ValidationFailedException([violation]), undefined);
  });
}
