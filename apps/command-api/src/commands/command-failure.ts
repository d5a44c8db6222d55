import { ConcurrencyConflictError, QueueFullError, WrongExpectedVersionError } from '@ledger/event-store';
import { DomainErrorException } from '@ledger/platform';
import { eventStoreTimeout, isEventStoreTimeout } from '../event-store/event-store-timeout';
import { eventStoreUnavailable, isEventStoreUnreachable } from '../event-store/event-store-unavailable';
import type { CommandOutcome } from './command-metrics';

/** The metrics outcome of a command that did not produce a result. */
export function failureOutcomeOf(error: unknown): CommandOutcome {
  if (error instanceof ConcurrencyConflictError) return 'conflict';
  if (error instanceof WrongExpectedVersionError) return 'revision_mismatch';
  if (error instanceof DomainErrorException) return 'refused';
  if (error instanceof QueueFullError) return 'busy';
  if (isEventStoreTimeout(error)) return 'timed_out';
  return 'failed';
}

/** What a command acted on, for the words of its problems: `account <id>`, `transfer <id>`. */
export interface CommandTarget {
  readonly noun: 'account' | 'transfer';
  readonly id: string;
}

/** The problem API.md promises for each way a command can fail outside the domain's rules. */
export function problemOf(error: unknown, { noun, id }: CommandTarget): unknown {
  if (error instanceof WrongExpectedVersionError) {
    if (error.actual === 'no_stream') {
      return new DomainErrorException(noun === 'account' ? { code: 'ACCOUNT_NOT_FOUND', message: `account ${id} does not exist`, accountId: id } : { code: 'TRANSFER_NOT_FOUND', message: `transfer ${id} does not exist`, transferId: id });
    }
    return new DomainErrorException({
      code: 'REVISION_MISMATCH',
      message: `If-Match expected revision ${String(error.expected)}, but the ${noun} is at revision ${String(error.actual)}`,
      expectedRevision: Number(error.expected),
      currentRevision: Number(error.actual),
    });
  }
  if (error instanceof ConcurrencyConflictError) {
    return new DomainErrorException({
      code: 'CONCURRENCY_CONFLICT',
      message: `Other writers kept changing ${noun} ${id}; gave up after ${error.attempts} attempts. Retry the request.`,
      attempts: error.attempts,
    });
  }
  if (error instanceof QueueFullError) {
    return new DomainErrorException({
      code: 'TOO_MANY_PENDING_COMMANDS',
      message: `${error.limit} commands on ${noun} ${id} are already waiting in this instance. Retry shortly.`,
      retryAfterSeconds: 1,
    });
  }
  if (isEventStoreTimeout(error)) return eventStoreTimeout();
  if (isEventStoreUnreachable(error)) return eventStoreUnavailable(error);
  return error;
}
