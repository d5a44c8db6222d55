import { createHash } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { type RecordedEvent } from '../port/event-store';
import { type EventSubscription, type SubscribeToAllOptions } from '../port/event-subscription';
import { readAllWith } from './read-all';
import { WakeSignal } from './wake-signal';

/**
 * Safety re-poll. A notification arrives when a transaction commits, and the read it triggers
 * sees that commit and every lower position (see read-all.ts); but a notification is lost while
 * the LISTEN connection is being replaced. The re-poll bounds that wait; it is rare, so it can
 * be slow.
 */
export const defaultSafetyRepollMs = 1_000;
const defaultBatchSize = 500;

/** The LISTEN channel of a schema; 0002_notify.sql derives the same name. */
export function notifyChannelOf(schema: string): string {
  return `events_${createHash('md5').update(schema).digest('hex')}`;
}

/**
 * Catch-up subscription on PostgreSQL: pages through the gap-free readAll, and when it has
 * caught up waits for a commit notification (LISTEN on a dedicated client, not a pooled one,
 * since a pooled client would hand its LISTEN to the next borrower) or the safety re-poll.
 */
export function subscribeToAllWith(
  pool: Pool,
  schema: string,
  options: SubscribeToAllOptions,
  safetyRepollMs = defaultSafetyRepollMs,
): EventSubscription {
  const batchSize = options.batchSize ?? defaultBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const wake = new WakeSignal();
  const listener = new Client(pool.options);
  let closed = false;
  let failure: Error | undefined;
  let ended: Promise<void> | undefined;

  listener.on('notification', () => wake.notify());
  // An 'error' without a handler would crash the process; surface it through the iteration.
  listener.on('error', (error) => {
    failure = error;
    wake.notify();
  });
  // Listen before the first read, so a commit between that read and the wait is not missed.
  const listening = listener.connect().then(async () => {
    await listener.query(`LISTEN ${notifyChannelOf(schema)}`);
  });
  // A subscription closed before it is iterated never awaits this; a failed connect must not
  // become an unhandled rejection then. The iteration still awaits `listening` and throws.
  void listening.catch(() => undefined);

  const close = (): Promise<void> => {
    closed = true;
    wake.notify();
    ended ??= listening.catch(() => undefined).then(async () => listener.end().catch(() => undefined));
    return ended;
  };

  async function* events(): AsyncGenerator<RecordedEvent> {
    try {
      await listening;
      let last = options.fromPosition;
      while (!closed) {
        if (failure !== undefined) throw failure;
        wake.reset();
        const page = await readAllWith(pool, schema, { fromPosition: last, maxCount: batchSize });
        for (const event of page) {
          if (closed) return;
          yield event;
          last = event.position;
        }
        // A full page means more history is waiting: read on without sleeping.
        if (page.length < batchSize) await wake.wait(safetyRepollMs);
      }
    } finally {
      await close();
    }
  }

  let iterated = false;
  return {
    close,
    [Symbol.asyncIterator]: () => {
      if (iterated) throw new Error('A subscription can be iterated only once: subscribe again');
      iterated = true;
      return events();
    },
  };
}
