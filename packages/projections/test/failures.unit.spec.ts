import { EventDecodeError } from '@ledger/domain';
import { EnvelopeDecodeError } from '@ledger/messaging';
import { backoffDelayMs, ConcurrentWriteError, isPermanentFailure, PoisonEventError } from '../src';
import { isTransientMongoError } from '../src/mongodb';
import { isTransientPostgresError } from '../src/postgres';

const withCode = (code: string | number, message = 'x') => Object.assign(new Error(message), { code });

describe('which failures are whose', () => {
  it('PostgreSQL: the server away, overloaded or resolving a conflict is transient; a constraint is not', () => {
    for (const code of ['ECONNREFUSED', '08006', '57P01', '53300', '40001', '40P01']) expect(isTransientPostgresError(withCode(code))).toBe(true);
    expect(isTransientPostgresError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientPostgresError(new ConcurrentWriteError('moved'))).toBe(true);
    for (const code of ['23505', '23514', '42P01', '22P02']) expect(isTransientPostgresError(withCode(code))).toBe(false);
  });

  it('MongoDB: network, selection and step-down errors are transient; a validation error is not', () => {
    expect(isTransientMongoError(Object.assign(new Error('down'), { name: 'MongoServerSelectionError' }))).toBe(true);
    expect(isTransientMongoError(withCode(10107))).toBe(true);
    expect(isTransientMongoError(withCode(50, 'operation exceeded time limit'))).toBe(true);
    expect(isTransientMongoError(Object.assign(new Error('x'), { hasErrorLabel: (label: string) => label === 'RetryableWriteError' }))).toBe(true);
    expect(isTransientMongoError(withCode(121))).toBe(false);
  });

  it('FerretDB whose PostgreSQL is away (an InternalError quoting the dial or the SQLSTATE) is transient; its other internal errors are not', () => {
    const ferret = (message: string) => Object.assign(new Error(message), { name: 'MongoServerError', code: 1 });
    expect(isTransientMongoError(ferret('failed to connect to `user=ledger database=ferretdb`: dial tcp 127.0.0.1:5432: connect: connection refused'))).toBe(true);
    expect(isTransientMongoError(ferret('FATAL: terminating connection due to administrator command (SQLSTATE 57P01)'))).toBe(true);
    expect(isTransientMongoError(ferret('document is too large'))).toBe(false);
  });

  it('undecodable bytes and data, and events about the wrong stream, are permanent', () => {
    expect(isPermanentFailure(new EnvelopeDecodeError('not json'))).toBe(true);
    expect(isPermanentFailure(new EventDecodeError('t', 1, 'bad'))).toBe(true);
    expect(isPermanentFailure(new PoisonEventError('wrong stream'))).toBe(true);
    expect(isPermanentFailure(new Error('bug'))).toBe(false);
  });

  it('backs off exponentially with jitter, up to a cap', () => {
    const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1_000 };

    expect([1, 2, 3, 4, 5].map((failures) => backoffDelayMs(policy, failures, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(80);
  });
});
