import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ALLOWED_ROLES, OPEN_TO_ANYONE } from './access.decorators';
import type { Role } from './principal';

/**
 * Role checks for every Nest route, closed by default: a route is reachable only when it (or its
 * controller) says who may call it. Authentication happened before (the Fastify hook); this
 * decides 403. Ownership is finer than a role and stays with each handler (404, not 403).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPEN_TO_ANYONE, targets) === true) return true;
    const allowed = this.reflector.getAllAndOverride<readonly Role[]>(ALLOWED_ROLES, targets) ?? [];
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (principal !== undefined && principal.roles.some((role) => allowed.includes(role))) return true;
    throw new ForbiddenException(allowed.length === 0 ? 'Nobody may call this endpoint.' : `This endpoint is for the roles: ${allowed.join(', ')}.`);
  }
}
