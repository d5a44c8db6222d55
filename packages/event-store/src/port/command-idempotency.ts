import { type EventStore, type JsonValue } from './event-store';
import { type SnapshotStore } from './snapshot-store';

/** What command handling needs of a store: read one stream, append to it, and snapshots. */
export type CommandStore = Pick<EventStore, 'readStream' | 'appendToStream'> & SnapshotStore;

/** A client's `Idempotency-Key`, with a fingerprint of the request it came with. */
export interface IdempotencyClaim {
  readonly key: string;
  /** Equal for equal requests (e.g. method, path and a digest of the body). */
  readonly fingerprint: string;
}

export type IdempotentOutcome<Result> =
  | { readonly kind: 'executed'; readonly result: Result }
  | { readonly kind: 'replayed'; readonly result: Result }
  | { readonly kind: 'key-reused' };

/**
 * Runs a command at most once per idempotency key.
 *
 * Guarantees:
 * - The first call runs `work` with a store bound to one transaction and records its result
 *   in that same transaction: either the events and the key are both stored, or neither is.
 *   If `work` throws, nothing is recorded and the key stays free for a retry.
 * - A later call with the key and the same fingerprint returns the recorded result
 *   (`replayed`) and runs nothing; with another fingerprint it returns `key-reused`.
 * - Concurrent calls with one key run `work` once: the others wait for the first to finish,
 *   then replay its result (or run, if the first failed).
 * - A key is kept at least its time to live; after it, the key may be used afresh.
 */
export interface CommandIdempotency {
  execute<Result extends JsonValue>(
    claim: IdempotencyClaim,
    work: (store: CommandStore) => Promise<Result>,
  ): Promise<IdempotentOutcome<Result>>;
  /** Deletes keys past their time to live, at most `limit`; returns how many went. */
  deleteExpired(limit: number): Promise<number>;
}
