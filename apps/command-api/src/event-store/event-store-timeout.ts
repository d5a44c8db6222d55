import { DomainErrorException } from '@ledger/platform';

// PostgreSQL's query_canceled (statement_timeout) and lock_not_available (lock_timeout), and pg's
// own client-side query_timeout: the store answered "not in time", or did not answer at all.
const timeoutCodes = new Set(['57014', '55P03']);
const clientTimeoutMessage = /^Query read timeout$/;

/** True when `error` says a statement of the event store ran out of time (DATABASE_*_TIMEOUT_MS). */
export function isEventStoreTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && timeoutCodes.has(code)) || clientTimeoutMessage.test(error.message);
}

/**
 * 503 EVENT_STORE_TIMEOUT with Retry-After. The server rolls a timed-out statement back, but when
 * the client gave up waiting the outcome is unknown: as with EVENT_STORE_UNAVAILABLE, only a
 * retry with the same Idempotency-Key is safe either way.
 */
export function eventStoreTimeout(): DomainErrorException {
  return new DomainErrorException({
    code: 'EVENT_STORE_TIMEOUT',
    message: 'The event store did not complete this command in time (another writer may hold the account). Retry shortly, with the same Idempotency-Key.',
    retryAfterSeconds: 1,
  });
}
