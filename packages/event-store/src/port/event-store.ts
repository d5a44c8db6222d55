import { type EventSubscription, type SubscribeToAllOptions } from './event-subscription';

/** A JSON value as stored in `data`: what survives a round trip through JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Envelope metadata. Every field is optional at this layer: the command side decides which
 * are mandatory; the store only carries them verbatim.
 */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  /** Who asked for it: the access token's subject. */
  readonly actor?: string;
  /** The roles the actor acted in, comma-separated (`customer`, `teller,operator`). */
  readonly actorRoles?: string;
  readonly idempotencyKey?: string;
  readonly occurredAt?: string;
}

/** An event about to be appended. `eventId` (a uuid) identifies it forever, across retries. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

/** An event as stored: the envelope of ARCHITECTURE.md. */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  /** 0 for the first event of a stream, then +1 per event, without gaps. */
  readonly streamRevision: bigint;
  /** Store-wide position: increases with every append, may have gaps. */
  readonly position: bigint;
  readonly recordedAt: Date;
}

/**
 * What the writer believed about the stream (EventStoreDB semantics):
 * `'any'` skips the check, `'no_stream'` demands the stream has no event yet,
 * `'stream_exists'` demands at least one event, a bigint demands exactly that last revision.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append: pass it as the next `expectedRevision`. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last appended event in `$all` (read-your-writes token). */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction: Direction;
  /** Inclusive start; defaults to the first event (forwards) or the last one (backwards). */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: only events after this position are returned. Omit to read from the start. */
  readonly fromPosition?: bigint;
  readonly maxCount: number;
}

/**
 * The event store (reader + writer), with EventStoreDB semantics so every adapter fits.
 *
 * Guarantees every adapter must keep (checked by `describeEventStoreContract`):
 * - Stream ids are `<category>-<id>`; revisions start at 0 and have no gaps.
 * - An append is atomic: all its events are stored at consecutive revisions, or none is.
 * - Optimistic concurrency: when `expectedRevision` does not hold, nothing is stored and the
 *   append rejects with {@link WrongExpectedVersionError}. Of concurrent appends that expect
 *   the same revision, exactly one wins.
 * - Idempotency: appending the same `eventId`s again at the same place stores nothing and
 *   returns the first append's result, so a retried command never duplicates events.
 * - `readAll` returns events in increasing `position` and never passes a position that a
 *   still-running transaction could fill later, so a reader following `$all` from its last
 *   position sees every committed event exactly once.
 * - `subscribeToAll` keeps the same promise while following new commits live.
 */
export interface EventStore {
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in revision order; `[]` for a stream that does not exist. */
  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in store-wide `position` order (`$all`). */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up subscription to `$all` after `fromPosition` (exclusive): history, then live
   * events, in position order, each exactly once (see {@link EventSubscription}).
   */
  subscribeToAll(options: SubscribeToAllOptions): EventSubscription;
}
