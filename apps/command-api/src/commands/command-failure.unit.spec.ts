import { DeadlineExceededError, UnavailableError } from '@kurrent/kurrentdb-client';
import { accountStreamId, parseAccountId, type AccountId } from '@ledger/domain';
import { ConcurrencyConflictError, QueueFullError, WrongExpectedVersionError } from '@ledger/event-store';
import { problemFor } from '@ledger/platform';
import { commandErrorStatuses } from '../command-error-statuses';
import { failureOutcomeOf, problemOf } from './command-failure';

const parsed = parseAccountId('7f0c3a4e-2d1b-4c8e-9a6f-5b3e2d1c0a9f');
if (!parsed.ok) throw new Error('fixture');
const accountId: AccountId = parsed.value;
const streamId = accountStreamId(accountId);
const answer = (error: unknown) => problemFor(problemOf(error, { noun: 'account', id: accountId }), commandErrorStatuses);

describe('command failures outside the domain rules', () => {
  it('exhausted retries are 409 CONCURRENCY_CONFLICT with the attempts made', () => {
    const error = new ConcurrencyConflictError(streamId, 5);

    expect(answer(error)).toMatchObject({ status: 409, code: 'CONCURRENCY_CONFLICT', attempts: 5 });
    expect(failureOutcomeOf(error)).toBe('conflict');
  });

  it('an If-Match mismatch is 412 REVISION_MISMATCH with both revisions', () => {
    const error = new WrongExpectedVersionError(streamId, 3n, 7n);

    expect(answer(error)).toMatchObject({ status: 412, code: 'REVISION_MISMATCH', expectedRevision: 3, currentRevision: 7 });
    expect(failureOutcomeOf(error)).toBe('revision_mismatch');
  });

  it('an If-Match on a stream that does not exist is 404 ACCOUNT_NOT_FOUND', () => {
    expect(answer(new WrongExpectedVersionError(streamId, 0n, 'no_stream'))).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND', accountId });
  });

  it('a full queue on the account is 503 TOO_MANY_PENDING_COMMANDS with a Retry-After', () => {
    const error = new QueueFullError(streamId, 100);

    expect(answer(error)).toMatchObject({ status: 503, code: 'TOO_MANY_PENDING_COMMANDS', retryAfterSeconds: 1 });
    expect(failureOutcomeOf(error)).toBe('busy');
  });

  it.each([
    ['statement_timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['lock_timeout', Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })],
    ["pg's client-side query_timeout", new Error('Query read timeout')],
  ])('a statement stopped by %s is 503 EVENT_STORE_TIMEOUT with a Retry-After, never a 500', (_limit, error) => {
    expect(answer(error)).toMatchObject({ status: 503, code: 'EVENT_STORE_TIMEOUT', retryAfterSeconds: 1 });
    expect(failureOutcomeOf(error)).toBe('timed_out');
  });

  it('an unreachable database is 503 EVENT_STORE_UNAVAILABLE, never a 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

    expect(answer(refused)).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    expect(answer(shutdown)).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    expect(failureOutcomeOf(refused)).toBe('failed');
  });

  it('an unreachable KurrentDB is 503 EVENT_STORE_UNAVAILABLE too, whether the client wrapped the gRPC error (reads) or not (appends)', () => {
    const read = new UnavailableError(undefined, '14 UNAVAILABLE: No connection established');
    const slow = new DeadlineExceededError(undefined, '4 DEADLINE_EXCEEDED: Deadline exceeded');
    const append = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const discovery = new Error('Failed to discover after 10 attempts.');

    expect(answer(read)).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    expect(answer(slow)).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    expect(answer(append)).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
    expect(answer(discovery)).toMatchObject({ status: 503, code: 'EVENT_STORE_UNAVAILABLE' });
  });

  it('anything else stays what it was: a 500 without internals', () => {
    expect(answer(new TypeError('bug'))).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred.' });
  });
});
