import { DeadlineExceededError, NotLeaderError, UnavailableError } from '@eventstore/db-client';
import { ServiceUnavailableException } from '@nestjs/common';

// Node socket errors, PostgreSQL's "connection exception" / "operator intervention" classes and
// EventStoreDB's cluster discovery giving up: the store is away or going away, which the client
// can only wait out.
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const unreachableMessages = [/timeout exceeded when trying to connect/i, /Connection terminated/i, /Failed to discover after \d+ attempts/];
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
  if (typeof code === 'string' && (socketCodes.has(code) || code.startsWith('08') || code.startsWith('57P'))) return true;
  return unreachableMessages.some((pattern) => pattern.test(error.message));
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
