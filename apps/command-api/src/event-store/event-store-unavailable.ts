import { isKurrentDbUnreachable } from '@ledger/event-store/kurrentdb';
import { isServerUnreachable } from '@ledger/platform';
import { ServiceUnavailableException } from '@nestjs/common';

/** True when `error` says the event store could not be reached, not that a request was wrong. */
export function isEventStoreUnreachable(error: unknown): boolean {
  // PostgreSQL (and the sockets under either store): away, restarting, or failing over; or
  // KurrentDB: away, not answering in time, or a follower.
  return isServerUnreachable(error) || isKurrentDbUnreachable(error);
}

/**
 * 503 EVENT_STORE_UNAVAILABLE. If the connection broke during the commit, the command may or
 * may not have been stored; only a retry with the same Idempotency-Key is safe either way.
 */
export function eventStoreUnavailable(cause?: unknown): ServiceUnavailableException {
  return new ServiceUnavailableException('The event store is not reachable. Retry shortly, with the same Idempotency-Key so it cannot run twice.', {
    cause,
    errorCode: 'EVENT_STORE_UNAVAILABLE',
  });
}
