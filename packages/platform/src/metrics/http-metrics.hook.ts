import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/**
 * Times every response by method, route template and status. The route is the template
 * (`/accounts/:id`), never the raw URL, and unmatched requests share one `unmatched` label, so a
 * scanner hitting random paths cannot explode the series count.
 */
export function registerHttpMetricsHook(fastify: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: HTTP_DURATION_METRIC,
    help: 'Duration of HTTP requests in seconds, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1_000);
    done();
  });
}
