import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/**
 * For a route whose body is optional: a request without one is validated as `{}`. The global
 * validation pipe refuses a missing body (a command must not run on `null` or nothing), and
 * interceptors run before pipes, so this is the one place to say "no body means no fields".
 * A body that is there, `null` included, is left to the pipe.
 */
@Injectable()
export class AbsentBodyAsEmpty implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.body === undefined) request.body = {};
    return next.handle();
  }
}
