import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppLogger } from '../logging/create-logger';
import type { DomainErrorStatusTable } from './domain-error.exception';
import { INTERNAL_ERROR, problemFor } from './problem-for';
import { sendProblem } from './send-problem';

/**
 * The exit for every failed request Nest sees, including the ones it never routed (404) and the
 * ones Fastify rejected while reading the body (400, 413, 415): all are answered as
 * application/problem+json. Unexpected errors are logged here, once, with the correlation id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: AppLogger,
    private readonly domainErrorStatuses: DomainErrorStatusTable,
    private readonly unavailableCode?: string,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = problemFor(exception, this.domainErrorStatuses, this.unavailableCode);
    if (problem.code === INTERNAL_ERROR) {
      this.logger.error(
        { err: exception, correlationId: request.id, method: request.method, url: request.url },
        'unhandled error',
      );
    }
    if (!reply.sent) sendProblem(request, reply, problem);
  }
}
