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

  describe('a server the app needs, unreachable', () => {
    const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });
    const named = (name: string): Error => Object.assign(new Error('no server answered'), { name });

    it.each([
      ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
      ['a crash (57P01)', pgError('57P01', 'terminating connection due to unexpected postmaster exit')],
      ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
      ['a connection exception (08006)', pgError('08006', 'connection failure')],
      ['a dropped connection', new Error('Connection terminated unexpectedly')],
      ['a connection pg will not use again', new Error('Client has encountered a connection error and is not queryable')],
      ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
      ['MongoDB server selection', named('MongoServerSelectionError')],
      ['a MongoDB network error, wrapped', new Error('read failed', { cause: named('MongoNetworkError') })],
      [
        'FerretDB whose PostgreSQL is down',
        Object.assign(new Error('[msg_find.go:344] failed to connect to `user=ledger database=ferretdb`: dial tcp 127.0.0.1:5432: connect: connection refused'), {
          name: 'MongoServerError',
          code: 1,
        }),
      ],
      [
        'FerretDB whose PostgreSQL restarts',
        Object.assign(new Error('[collection.go:109] FATAL: the database system is starting up (SQLSTATE 57P03)'), { name: 'MongoServerError', code: 1 }),
      ],
    ])('%s is 503 with the app’s code and a Retry-After, never 500', (_what, error) => {
      expect(problemFor(error, {}, 'READ_MODEL_UNAVAILABLE')).toMatchObject({ status: 503, code: 'READ_MODEL_UNAVAILABLE', retryAfterSeconds: 2 });
      expect(problemFor(error)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    });

    it('does not take a statement the server refused (a constraint, a syntax error) for an outage', () => {
      expect(problemFor(pgError('23505', 'duplicate key value'))).toMatchObject({ status: 500 });
      expect(problemFor(pgError('42601', 'syntax error'))).toMatchObject({ status: 500 });
      expect(problemFor(Object.assign(new Error('E11000 duplicate key error'), { name: 'MongoServerError', code: 11000 }))).toMatchObject({ status: 500 });
    });

    it('gives every 503 a Retry-After, keeping one the error states itself', () => {
      expect(problemFor(new HttpException('Behind', 503, { errorCode: 'READ_MODEL_BEHIND' }))).toMatchObject({ retryAfterSeconds: 2 });
      expect(problemFor(new DomainErrorException({ code: 'TOO_MANY_WAITERS', retryAfterSeconds: 5 }), { TOO_MANY_WAITERS: 503 })).toMatchObject({
        status: 503,
        retryAfterSeconds: 5,
      });
    });
  });
});
