import { type JsonValue } from './event-store';

/** An aggregate's state folded up to (and including) `revision` of its stream. */
export interface Snapshot {
  readonly revision: bigint;
  /** Version of the state's shape: bump it when `evolve` or the state type changes. */
  readonly schemaVersion: number;
  readonly state: JsonValue;
}

/**
 * Snapshots shorten loading a long stream: load the snapshot, then read the stream from
 * `revision + 1`. They are a cache, never the truth, so losing one only costs a longer load.
 *
 * Guarantees every adapter must keep (checked by `describeEventStoreContract`):
 * - One snapshot per stream; saving an older revision than the stored one changes nothing,
 *   so a slow writer can never roll a snapshot back.
 * - `loadSnapshot` returns `undefined` when there is none, or when it was saved with another
 *   `schemaVersion`: a state of an old shape must be rebuilt from the events, not trusted.
 */
export interface SnapshotStore {
  saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void>;
  loadSnapshot(streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined>;
}

/**
 * Count policy: snapshot once `every` events have been appended since the last snapshot
 * (or since the start of the stream, whose first revision is 0).
 */
export function shouldSnapshot(previousSnapshotRevision: bigint | undefined, newRevision: bigint, every: number): boolean {
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
  return newRevision - (previousSnapshotRevision ?? -1n) >= BigInt(every);
}
