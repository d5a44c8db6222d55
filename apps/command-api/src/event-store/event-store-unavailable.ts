import { DeadlineExceededError, NotLeaderError, UnavailableError } from '@eventstore/db-client';
import { isServerUnreachable } from '@ledger/platform';
import { ServiceUnavailableException } from '@nestjs/common';

// EventStoreDB's cluster discovery giving up: the store is away, which the client can only wait out.
const discoveryFailed = /Failed to discover after \d+ attempts/;
// gRPC's UNAVAILABLE and DEADLINE_EXCEEDED (EventStoreDB): the client wraps them in its own errors
// on reads, but an append to an unreachable server rejects with the bare gRPC error.
const grpcUnreachableCodes = new Set([14, 4]);

/** True when `error` says the event store could not be reached, not that a request was wrong. */
export function isEventStoreUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // EventStoreDB: no server, no answer in time, or a follower (the client reconnects to the leader for the retry).
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof NotLeaderError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && grpcUnreachableCodes.has(code)) return true;
  // PostgreSQL (and the sockets under either store): away, restarting, or failing over.
  return isServerUnreachable(error) || discoveryFailed.test(error.message);
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
