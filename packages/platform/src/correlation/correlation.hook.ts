import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER, runWithCorrelationId } from './correlation-id';

/**
 * Echoes the request's correlation id (Fastify's request id, see `correlationIdFrom`) on every
 * response, and makes it the current id for everything the request runs. This runs in
 * `onRequest`, before body parsing and routing, so 404s, 413s and 415s carry the header too.
 */
export function registerCorrelationHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
    // Fastify continues the request inside `done`, so the storage scope covers the rest of the
    // lifecycle (parsers keep the async context of the hook that started them).
    runWithCorrelationId(request.id, done);
  });
}
