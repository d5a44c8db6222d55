import { TransientFailure } from '../runtime/failures';

// Driver errors of an unreachable or closing deployment, and server codes of a node stepping
// down, shutting down, timing out on the network or running out of its maxTimeMS (50, a server
// too slow right now): the operation may well succeed when retried.
const transientNames = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
]);
const transientCodes = new Set([6, 7, 50, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);
const transientLabels = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];
// FerretDB reports its own PostgreSQL being away as an InternalError (code 1) quoting the driver
// underneath. (@ledger/platform's isServerUnreachable knows the same words for the APIs.)
const storageAwayMessages = [/failed to connect to/i, /connect: connection refused/i, /\(SQLSTATE (08[0-9A-Z]{3}|57P0[1-4])\)/, /conn closed|unexpected EOF/i];

/** True when a MongoDB error says nothing about the data written. */
export function isTransientMongoError(error: unknown): boolean {
  if (error instanceof TransientFailure) return true;
  if (!(error instanceof Error)) return false;
  if (transientNames.has(error.name)) return true;
  const { code, hasErrorLabel } = error as { code?: unknown; hasErrorLabel?: unknown };
  if (typeof code === 'number' && transientCodes.has(code)) return true;
  if (error.name === 'MongoServerError' && storageAwayMessages.some((pattern) => pattern.test(error.message))) return true;
  return typeof hasErrorLabel === 'function' && transientLabels.some((label) => (hasErrorLabel as (name: string) => boolean).call(error, label));
}

/** E11000: an upsert raced another writer to create the same document. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 11000;
}

/**
 * A connection that failed while a write was on its way: the server may still be executing it.
 * Only the network tells nothing about whether (or when) the write happens.
 */
export function isWriteOutcomeUnknown(error: unknown): boolean {
  return error instanceof Error && (error.name === 'MongoNetworkError' || error.name === 'MongoNetworkTimeoutError');
}
