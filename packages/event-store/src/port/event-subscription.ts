import { type RecordedEvent } from './event-store';

export interface SubscribeToAllOptions {
  /** Exclusive: the subscription starts after this position. Omit to start at the beginning of `$all`. */
  readonly fromPosition?: bigint;
  /** How many events one history read fetches; a larger page catches up faster. Defaults to 500. */
  readonly batchSize?: number;
}

/**
 * A catch-up subscription to `$all`: iterate it with `for await`; it can be iterated once.
 *
 * Guarantee: events arrive in strictly increasing `position`, each committed event after
 * `fromPosition` exactly once, with no gap that a later commit could fill. It first reads the
 * history, then waits for new commits and continues, without ever ending on its own.
 * `close()` ends the iteration promptly (a pending `next()` resolves as done) and releases
 * what the subscription holds; breaking out of the loop closes it too.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}
