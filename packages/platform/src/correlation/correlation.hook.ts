import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER } from './correlation-id';

/**
 * Echoes the request's correlation id (Fastify's request id, see `correlationIdFrom`) on every
 * response. This runs in `onRequest`, before body parsing and routing, so 404s, 413s and 415s
 * carry the header too. Code that needs the id takes it from the request (`request.id`), whose
 * logger carries it on every line: an AsyncLocalStorage scope per request would make it
 * reachable anywhere, but on Node 20 and 22 it switches on promise hooks for the whole process
 * and cost the query API about a third of its CPU per request (bench Q1). Node 24 carries the
 * context without promise hooks: re-measured there (two alternating runs each), Q1 at 16 clients
 * was 0.81–1.04× with the scope and 0.76–0.83× without, at one client 0.65–0.70× against
 * 0.77–0.88×. Nothing needs the scope yet and Node 22 still pays the full price, so it stays out.
 */
export function registerCorrelationHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
}
