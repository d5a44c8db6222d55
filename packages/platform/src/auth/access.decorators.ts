import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal';

export const ALLOWED_ROLES = Symbol('ledger:allowed-roles');
export const OPEN_TO_ANYONE = Symbol('ledger:open-to-anyone');

/** The roles that may call a controller or route; a route without `@Allow` (or `@OpenToAnyone`) is refused to everyone. */
export const Allow = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** The Fastify route config key that tells the authentication hook a route is open (see `OpenToAnyone`). */
export const OPEN_ROUTE_CONFIG = 'ledgerOpenToAnyone';

/**
 * A route every caller may reach without a token (health, the operator console's page). On a
 * method it also marks the Fastify route (`RouteConfig`), which the authentication hook reads
 * before any token is asked for; on a class only the guard sees it (Nest passes a controller's
 * route config to no route), so the hook lets such a path through only when it knows it
 * (`/health`). It is the method's one `RouteConfig`: a route that needs its own adds
 * `[OPEN_ROUTE_CONFIG]: true` to it instead.
 */
export const OpenToAnyone = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(OPEN_TO_ANYONE, true), RouteConfig({ [OPEN_ROUTE_CONFIG]: true }));

/** The verified caller of the current request; `AccessGuard` has made sure there is one. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw new Error('no principal on this request: is the route missing @Allow?');
  return principal;
}

/** Injects the current request's `Principal` into a controller method. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) =>
  principalOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
