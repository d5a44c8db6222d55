import type { FastifyInstance } from 'fastify';
import { problem } from '../errors/problem-details';
import { sendProblem } from '../errors/send-problem';
import { DeclaredRoutes } from './declared-routes';

/** The path of a request URL: the query string is no part of what a route matches. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * API.md: a method a path does not support gets 405 with `Allow`, as problem+json
 * (`METHOD_NOT_ALLOWED`); a path nothing serves stays 404. Fastify's router answers both with
 * its not-found route, so every declared route is recorded as it is added (`onRoute`, which
 * must therefore be registered before any route), and a request bound for the not-found route
 * is checked against them before anything else runs for it: no body is read for a 405.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes = new DeclaredRoutes();
  fastify.addHook('onRoute', (route) => {
    routes.add(route.method, route.url);
    // Fastify answers HEAD for every GET route (exposeHeadRoutes) without always announcing it.
    if (route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'))) routes.add('HEAD', route.url);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = pathOf(request.url);
    const allowed = routes.methodsFor(path);
    if (allowed.length === 0) return done();
    void reply.header('allow', allowed.join(', '));
    sendProblem(request, reply, problem(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; it allows ${allowed.join(', ')}.`));
  });
}
