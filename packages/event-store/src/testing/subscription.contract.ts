import { type EventStore, type RecordedEvent } from '../port/event-store';
import { type EventSubscription } from '../port/event-subscription';
import { events, newStreamId } from './contract-fixtures';

const byPosition = (x: bigint, y: bigint): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Iterates until `done` or the deadline, then closes. On timeout it returns what arrived, so
 * the caller's assertion shows what is missing instead of a bare jest timeout.
 */
async function collectUntil(
  subscription: EventSubscription,
  done: (received: RecordedEvent[]) => boolean,
  timeoutMs = 15_000,
): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const event of subscription) {
      received.push(event);
      if (done(received)) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return received;
}

async function appendSeveral(store: EventStore, streamId: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await store.appendToStream(streamId, events(1), { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
  }
}

/** Catch-up subscription cases of the EventStore contract. */
export function describeSubscriptionContract(store: () => EventStore): void {
  describe('subscribeToAll', () => {
    it('delivers history then live events from concurrent writers, in order, exactly once', async () => {
      const history = newStreamId();
      const writers = Array.from({ length: 4 }, () => newStreamId());
      const ours = new Set([history, ...writers]);
      const isOurs = (e: RecordedEvent): boolean => ours.has(e.streamId);
      await store().appendToStream(history, events(5), { expectedRevision: 'no_stream' });

      // A small page so catching up takes several reads.
      const subscription = store().subscribeToAll({ batchSize: 2 });
      const received = collectUntil(subscription, (r) => r.filter(isOurs).length >= 5 + writers.length * 3);
      await Promise.all(writers.map(async (streamId) => appendSeveral(store(), streamId, 3)));
      const all = await received;

      const positions = all.map((e) => e.position);
      expect(positions).toEqual([...positions].sort(byPosition));
      expect(new Set(positions).size).toBe(positions.length);
      const expected = await Promise.all(
        [...ours].map(async (streamId) => store().readStream(streamId, { direction: 'forwards' })),
      );
      const expectedPositions = expected.flat().map((e) => e.position).sort(byPosition);
      expect(all.filter(isOurs).map((e) => e.position)).toEqual(expectedPositions);
      expect(expectedPositions).toHaveLength(5 + writers.length * 3);
    }, 30_000);

    it('starts after fromPosition, excluding that position', async () => {
      const streamId = newStreamId();
      await store().appendToStream(streamId, events(3), { expectedRevision: 'no_stream' });
      const stored = await store().readStream(streamId, { direction: 'forwards' });
      const from = stored[0]?.position ?? -1n;
      const all = await collectUntil(store().subscribeToAll({ fromPosition: from }), (r) =>
        r.some((e) => e.streamId === streamId && e.streamRevision === 2n),
      );
      expect(all.every((e) => e.position > from)).toBe(true);
      expect(all.filter((e) => e.streamId === streamId).map((e) => e.streamRevision)).toEqual([1n, 2n]);
    }, 30_000);

    it('ends a waiting iteration promptly when closed, and delivers nothing after', async () => {
      const streamId = newStreamId();
      const { position } = await store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });
      const subscription = store().subscribeToAll({ fromPosition: position });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const closedAt = Date.now();
      await subscription.close();
      // Done, and well before any re-poll timer: close wakes the waiting iteration itself.
      expect(await next).toEqual({ done: true, value: undefined });
      expect(Date.now() - closedAt).toBeLessThan(500);
      await store().appendToStream(streamId, events(1), { expectedRevision: 0n });
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    });
  });
}
