import { DeadLetterNotFoundError, DeadLetterNotOpenError, UnknownProjectionError, type DeadLetterAction } from '@ledger/projections';
import { DomainErrorException } from '@ledger/platform';

/** The problem+json of a refused dead-letter operation; anything else is left to the platform (500). */
export function problemOf(error: unknown): unknown {
  if (error instanceof DeadLetterNotFoundError) return new DomainErrorException({ code: 'DEAD_LETTER_NOT_FOUND', message: error.message, id: error.id });
  if (error instanceof DeadLetterNotOpenError) {
    return new DomainErrorException({ code: 'DEAD_LETTER_NOT_OPEN', message: error.message, id: error.id, status: error.status });
  }
  if (error instanceof UnknownProjectionError) {
    return new DomainErrorException({ code: 'PROJECTION_UNKNOWN', message: error.message, projection: error.projection });
  }
  return error;
}

/** A retry or skip that ran but did not succeed: the dead letter stays open (a retry counts the attempt). */
export function failedAction(kind: 'retry' | 'skip', action: DeadLetterAction): DomainErrorException {
  return new DomainErrorException({
    code: kind === 'retry' ? 'DEAD_LETTER_RETRY_FAILED' : 'DEAD_LETTER_SKIP_FAILED',
    message: `The ${kind} of dead letter ${action.deadLetter.id} failed: ${action.error ?? 'unknown error'}`,
    id: action.deadLetter.id,
    attempts: action.deadLetter.attempts,
    error: action.error,
  });
}
