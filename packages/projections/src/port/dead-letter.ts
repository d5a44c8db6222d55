/**
 * `open`: failed after its retries; its stream is held until an operator retries or skips it.
 * `waiting`: a later event of a held stream, parked in order behind the open one.
 * `retried` / `skipped`: an open one an operator resolved; `released`: a waiting one applied
 * after its stream was let go; `superseded`: settled by a rebuild, which applied the event from
 * the event store into the read model that replaced the one it failed in.
 */
export type DeadLetterStatus = 'open' | 'waiting' | 'retried' | 'released' | 'skipped' | 'superseded';

export const deadLetterStatuses: readonly DeadLetterStatus[] = ['open', 'waiting', 'retried', 'released', 'skipped', 'superseded'];

/**
 * The record exactly as it arrived, so a retry decodes the same bytes again. An event read from
 * the event store to heal a gap carries the record it would have arrived as, without offset.
 */
export interface DeadLetterRecord {
  readonly topic: string;
  readonly partition: number | null;
  readonly offset: string | null;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** What is known of a dead-lettered event: everything but the record may be missing when it never decoded. */
export interface NewDeadLetter {
  readonly projection: string;
  readonly eventId: string | null;
  readonly streamId: string | null;
  readonly revision: bigint | null;
  readonly position: bigint | null;
  readonly type: string | null;
  /** Why it failed; null for a waiting event, which did not fail. */
  readonly error: string | null;
  readonly attempts: number;
  readonly record: DeadLetterRecord;
}

/** An operator's retry or skip: who decided (their token subject) and, for a skip, why. */
export interface DeadLetterDecision {
  readonly by: string;
  readonly reason: string | null;
}

/** A decision as recorded, with when the entry was resolved. */
export interface DeadLetterResolution extends DeadLetterDecision {
  readonly at: Date;
}

export interface DeadLetter extends NewDeadLetter {
  readonly id: number;
  readonly status: DeadLetterStatus;
  /** For a waiting event, the open dead letter it waits behind. */
  readonly blockedBy: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly resolvedAt: Date | null;
  /** The operator's decision that resolved it; null while unresolved or when none was recorded (released, superseded). */
  readonly resolution: DeadLetterResolution | null;
}

/**
 * The dead letters of one projection, inside one unit of work. Entries are unique per event
 * (its id, else its Kafka coordinates): recording the same event twice keeps one entry.
 */
export interface DeadLetterTable {
  /** Of these streams, those held by an unresolved dead letter, with the id later events wait behind. */
  heldStreams(streamIds: readonly string[]): Promise<Map<string, number>>;
  /** Records a failed event as `open` (reopening an earlier entry of it); returns its id. */
  open(letter: NewDeadLetter): Promise<number>;
  /** Parks an event as `waiting` behind `blockedBy`; returns its id. */
  park(letter: NewDeadLetter, blockedBy: number): Promise<number>;
  /** Reads one entry of this projection for update (locked until the unit ends). */
  lock(id: number): Promise<DeadLetter | undefined>;
  /** Resolves an entry; an operator's retry or skip records their decision with it. */
  resolve(id: number, status: 'retried' | 'released' | 'skipped', decision?: DeadLetterDecision): Promise<void>;
  /** Marks an entry open again with its latest error and attempt count. */
  reopen(id: number, error: string, attempts: number): Promise<void>;
  /** The waiting entries of a stream, in the order they arrived. */
  waitingBehind(streamId: string): Promise<DeadLetter[]>;
  /** Makes waiting entries wait behind another open one. */
  reblock(ids: readonly number[], blockedBy: number): Promise<void>;
}
