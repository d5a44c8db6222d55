import { TransientFailure } from '../runtime/failures';

// Driver errors of an unreachable or closing deployment, and server codes of a node stepping
// down, shutting down or timing out on the network: the write may well succeed when retried.
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
const transientCodes = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);
const transientLabels = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

/** True when a MongoDB error says nothing about the data written. */
export function isTransientMongoError(error: unknown): boolean {
  if (error instanceof TransientFailure) return true;
  if (!(error instanceof Error)) return false;
  if (transientNames.has(error.name)) return true;
  const { code, hasErrorLabel } = error as { code?: unknown; hasErrorLabel?: unknown };
  if (typeof code === 'number' && transientCodes.has(code)) return true;
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
