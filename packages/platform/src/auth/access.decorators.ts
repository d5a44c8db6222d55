import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal';

export const ALLOWED_ROLES = Symbol('ledger:allowed-roles');
export const OPEN_TO_ANYONE = Symbol('ledger:open-to-anyone');

/** The roles that may call a controller or route; a route without `@Allow` (or `@OpenToAnyone`) is refused to everyone. */
export const Allow = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** A route every caller may reach without a token (health); the authentication hook lets its path through. */
export const OpenToAnyone = (): MethodDecorator & ClassDecorator => SetMetadata(OPEN_TO_ANYONE, true);

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
