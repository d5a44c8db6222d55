import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/**
 * The HTTP instrumentation sees a URL, not the route it matched, and names its span `POST`. Once
 * Fastify has routed the request the server span gets the route template (`POST /accounts/:id/deposits`)
 * as its name and `http.route`, so traces group by endpoint, never by account id.
 */
export function registerHttpRouteSpanHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const span = trace.getActiveSpan();
    if (span !== undefined && route !== undefined && !request.is404) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    done();
  });
}
