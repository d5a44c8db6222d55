import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainErrorException } from './domain-error.exception';
import { problemFor } from './problem-for';
import { ValidationFailedException, fieldErrorsOf } from './validation-failed.exception';

/** What Fastify throws, as `@fastify/error` builds it. */
function fastifyError(code: string, statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'FastifyError', code, statusCode });
}

/** How the Nest Fastify adapter hands a Fastify error to the exception filters. */
function wrapped(error: Error & { statusCode?: number }): HttpException {
  return new HttpException(error.message, error.statusCode ?? 500, { cause: error });
}

describe('problemFor', () => {
  it('maps a domain error through the app table, keeping its facts as extension members', () => {
    const exception = new DomainErrorException({ code: 'REVISION_MISMATCH', message: 'Stale revision', expected: 3, actual: 5 });

    expect(problemFor(exception, { REVISION_MISMATCH: 412 })).toEqual({
      type: 'urn:ledger:problem:revision-mismatch',
      title: 'Revision mismatch',
      status: 412,
      detail: 'Stale revision',
      code: 'REVISION_MISMATCH',
      expected: 3,
      actual: 5,
    });
  });

  it('answers a domain code missing from the table with 422', () => {
    const problem = problemFor(new DomainErrorException({ code: 'ACCOUNT_FROZEN' }), {});

    expect(problem).toMatchObject({ status: 422, code: 'ACCOUNT_FROZEN', title: 'Account frozen', detail: 'ACCOUNT_FROZEN' });
  });

  it('never lets domain facts overwrite the standard members', () => {
    const problem = problemFor(new DomainErrorException({ code: 'INSUFFICIENT_FUNDS', status: 200, type: 'x' }), {
      INSUFFICIENT_FUNDS: 422,
    });

    expect(problem).toMatchObject({ status: 422, type: 'urn:ledger:problem:insufficient-funds' });
  });

  it('lists every invalid field of a validation failure with dotted paths', () => {
    const errors = fieldErrorsOf([
      { property: 'currency', constraints: { isIn: 'currency must be an ISO 4217 code' } },
      {
        property: 'lines',
        children: [
          { property: '0', children: [{ property: 'amount', constraints: { isPositive: 'amount must be positive' } }] },
        ],
      },
    ]);

    expect(problemFor(new ValidationFailedException(errors))).toEqual({
      type: 'urn:ledger:problem:validation-failed',
      title: 'Validation failed',
      status: 400,
      detail: 'The request has 2 invalid fields.',
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'currency', message: 'currency must be an ISO 4217 code' },
        { field: 'lines.0.amount', message: 'amount must be positive' },
      ],
    });
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'MALFORMED_JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'MALFORMED_JSON'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
  ])('maps the Fastify rejection %s to %i %s, wrapped or not', (fastifyCode, status, code) => {
    const error = fastifyError(fastifyCode, status, 'fastify says no');

    expect(problemFor(wrapped(error))).toMatchObject({ status, code });
    expect(problemFor(error)).toMatchObject({ status, code });
  });

  it('maps a 400 SyntaxError from a body parser to MALFORMED_JSON', () => {
    const error = Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 });

    expect(problemFor(error)).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it.each([
    [new NotFoundException('Cannot GET /nowhere'), 404, 'NOT_FOUND', 'Cannot GET /nowhere'],
    [new ConflictException('Already there'), 409, 'CONFLICT', 'Already there'],
    [new BadRequestException(['a is bad', 'b is bad']), 400, 'BAD_REQUEST', 'a is bad; b is bad'],
    [new HttpException('Slow down', 429), 429, 'TOO_MANY_REQUESTS', 'Slow down'],
    [new HttpException('Behind', 503, { errorCode: 'READ_MODEL_BEHIND' }), 503, 'READ_MODEL_BEHIND', 'Behind'],
  ])('maps %p to its status and a code', (exception, status, code, detail) => {
    expect(problemFor(exception)).toMatchObject({ status, code, detail });
  });

  it('keeps the status of an unwrapped client error such as an http-errors one', () => {
    const error = Object.assign(new Error('Range Not Satisfiable'), { statusCode: 416, expose: true });

    expect(problemFor(error)).toMatchObject({ status: 416, code: 'RANGE_NOT_SATISFIABLE' });
  });

  it.each([
    new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2'),
    Object.assign(new Error('handler timed out'), { name: 'FastifyError', statusCode: 503 }),
    'a thrown string',
    undefined,
  ])('hides everything about an unexpected error (%p)', (exception) => {
    const problem = problemFor(exception);

    expect(problem).toEqual({
      type: 'urn:ledger:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred.',
      code: 'INTERNAL_ERROR',
    });
  });
});
