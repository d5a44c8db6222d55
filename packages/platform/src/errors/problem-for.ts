import { HttpException } from '@nestjs/common';
import { DomainErrorException, type DomainErrorStatusTable } from './domain-error.exception';
import { codeForStatus, problem, type ProblemDetails } from './problem-details';
import { isServerUnreachable } from './server-unreachable';
import { ValidationFailedException } from './validation-failed.exception';

export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/**
 * Fastify rejects some requests before any Nest code runs (the Nest adapter then wraps the error
 * in an `HttpException` whose `cause` is the Fastify error). These get the API's own codes.
 */
const requestRejections: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'The request body is empty although its content type is application/json.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Request bodies must be application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The request body is larger than this API accepts.',
  },
};

function errorCodeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'code' in value ? value.code : undefined;
}

/** The Fastify error behind an exception, whether the adapter wrapped it or not. */
function requestRejectionOf(exception: unknown): ProblemDetails | undefined {
  const cause = exception instanceof HttpException ? exception.cause : exception;
  const rejection = requestRejections[String(errorCodeOf(cause))];
  if (rejection !== undefined) return problem(rejection.status, rejection.code, rejection.detail);
  // A parser outside Fastify's (e.g. one an app adds) reports bad JSON as a 400 SyntaxError.
  if (cause instanceof SyntaxError && (cause as { statusCode?: unknown }).statusCode === 400) {
    return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  return undefined;
}

function domainProblem(exception: DomainErrorException, statuses: DomainErrorStatusTable): ProblemDetails {
  const { code, message, ...facts } = exception.error;
  return problem(statuses[code] ?? 422, code, message ?? exception.message, facts);
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message: unknown = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

function httpProblem(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  return problem(status, exception.errorCode ?? codeForStatus(status), messageOf(exception));
}

/** http-errors and Fastify errors that were not wrapped: a 4xx status means the client's fault. */
function clientErrorOf(exception: unknown): ProblemDetails | undefined {
  if (!(exception instanceof Error)) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return problem(status, codeForStatus(status), exception.message);
}

/** The code of a 503 for a server this app needs that is not answering, unless the app names its own. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** Seconds a client is told to wait on a 503 that does not say itself: a restart or failover takes a few. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

function classify(exception: unknown, statuses: DomainErrorStatusTable, unavailableCode: string): ProblemDetails {
  if (exception instanceof DomainErrorException) return domainProblem(exception, statuses);
  if (exception instanceof ValidationFailedException) {
    return problem(400, 'VALIDATION_FAILED', exception.message, { errors: exception.errors });
  }
  const rejection = requestRejectionOf(exception);
  if (rejection !== undefined) return rejection;
  if (exception instanceof HttpException) return httpProblem(exception);
  const clientError = clientErrorOf(exception);
  if (clientError !== undefined) return clientError;
  if (isServerUnreachable(exception)) {
    return problem(503, unavailableCode, 'A server this API needs is not answering (a restart or failover). Retry shortly.');
  }
  return problem(500, INTERNAL_ERROR, 'An unexpected error occurred.');
}

/**
 * Maps anything thrown while handling a request to the problem it is answered with. A server
 * this app needs that cannot be reached is a 503; unknown errors become a bare 500
 * `INTERNAL_ERROR`: their messages and stacks are for the log only. Every 503 tells the client
 * when to come back (`retryAfterSeconds`, sent as Retry-After). `unavailableCode` is the app's
 * code for that 503 (the query API's READ_MODEL_UNAVAILABLE).
 */
export function problemFor(exception: unknown, statuses: DomainErrorStatusTable = {}, unavailableCode = SERVICE_UNAVAILABLE): ProblemDetails {
  const answer = classify(exception, statuses, unavailableCode);
  if (answer.status === 503 && answer['retryAfterSeconds'] === undefined) return { ...answer, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
  return answer;
}
