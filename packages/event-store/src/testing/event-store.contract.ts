import { type EventStore, type RecordedEvent } from '../port/event-store';
import { type SnapshotStore } from '../port/snapshot-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { events, newStreamId, rejection } from './contract-fixtures';
import { eventually } from './eventually';
import { describeSnapshotContract } from './snapshot.contract';
import { describeSubscriptionContract } from './subscription.contract';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  /** Often the same object as `store`; snapshots are part of what every adapter offers. */
  readonly snapshots: SnapshotStore;
  dispose(): Promise<void>;
}

/** The EventStore guarantees, written once; every adapter calls this in one line. */
export function describeEventStoreContract(name: string, factory: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreUnderTest;
    const store = (): EventStore => subject.store;
    const snapshots = (): SnapshotStore => subject.snapshots;

    beforeAll(async () => {
      subject = await factory();
    });
    afterAll(async () => {
      await subject.dispose();
    });

    describe('appendToStream', () => {
      it('appends to a new stream with no_stream, revisions starting at 0', async () => {
        const streamId = newStreamId();
        const result = await store().appendToStream(streamId, events(2), { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(1n);
        const stored = await store().readStream(streamId, { direction: 'forwards' });
        expect(stored.map((e) => e.streamRevision)).toEqual([0n, 1n]);
        expect(result.position).toBe(stored[1]?.position);
      });

      it('rejects no_stream on an existing stream, reporting the actual revision', async () => {
        const streamId = newStreamId();
        await store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });
        const error = await rejection(store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 0n });
      });

      it('appends with any, whether or not the stream exists', async () => {
        const streamId = newStreamId();
        await store().appendToStream(streamId, events(1), { expectedRevision: 'any' });
        const result = await store().appendToStream(streamId, events(2), { expectedRevision: 'any' });
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('rejects stream_exists on a new stream and stores nothing', async () => {
        const streamId = newStreamId();
        const error = await rejection(store().appendToStream(streamId, events(1), { expectedRevision: 'stream_exists' }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId, expected: 'stream_exists', actual: 'no_stream' });
        expect(await store().readStream(streamId, { direction: 'forwards' })).toEqual([]);
      });

      it('accepts stream_exists on an existing stream', async () => {
        const streamId = newStreamId();
        await store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });
        const result = await store().appendToStream(streamId, events(1), { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('appends at the exact expected revision and rejects a stale one with expected and actual', async () => {
        const streamId = newStreamId();
        const first = await store().appendToStream(streamId, events(2), { expectedRevision: 'no_stream' });
        const second = await store().appendToStream(streamId, events(1), { expectedRevision: first.nextExpectedRevision });
        expect(second.nextExpectedRevision).toBe(2n);
        expect(second.position > first.position).toBe(true);
        const error = await rejection(store().appendToStream(streamId, events(1), { expectedRevision: 1n }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId, expected: 1n, actual: 2n });
        expect(await store().readStream(streamId, { direction: 'forwards' })).toHaveLength(3);
      });

      it('rejects an exact revision on a stream that does not exist', async () => {
        const streamId = newStreamId();
        const error = await rejection(store().appendToStream(streamId, events(1), { expectedRevision: 0n }));
        expect(error).toMatchObject({ streamId, expected: 0n, actual: 'no_stream' });
      });

      it('lets exactly one of concurrent appends expecting the same revision win', async () => {
        const streamId = newStreamId();
        await store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store().appendToStream(streamId, events(1), { expectedRevision: 0n })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ actual: 1n });
        }
        expect(await store().readStream(streamId, { direction: 'forwards' })).toHaveLength(2);
      });

      it('returns the first result for a repeat of the same eventIds and stores nothing twice', async () => {
        for (const expectedRevision of ['no_stream', 'any', 0n] as const) {
          const streamId = newStreamId();
          if (expectedRevision === 0n) await store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });
          const batch = events(3);
          const first = await store().appendToStream(streamId, batch, { expectedRevision });
          const again = await store().appendToStream(streamId, batch, { expectedRevision });
          expect(again).toEqual(first);
          const stored = await store().readStream(streamId, { direction: 'forwards' });
          expect(stored).toHaveLength(expectedRevision === 0n ? 4 : 3);
        }
      });

      it('rejects a repeat of the same eventIds at another revision, accepts it at the original one', async () => {
        const streamId = newStreamId();
        const batch = events(1);
        await store().appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        await store().appendToStream(streamId, events(1), { expectedRevision: 0n });
        // The ids are stored at revision 0, not after 0: this is a stale writer, not a retry.
        const error = await rejection(store().appendToStream(streamId, batch, { expectedRevision: 0n }));
        expect(error).toMatchObject({ streamId, expected: 0n, actual: 1n });
        const retried = await store().appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        expect(retried.nextExpectedRevision).toBe(0n);
      });
    });

    describe('readStream', () => {
      it('returns [] for a stream that does not exist', async () => {
        expect(await store().readStream(newStreamId(), { direction: 'forwards' })).toEqual([]);
        expect(await store().readStream(newStreamId(), { direction: 'backwards' })).toEqual([]);
      });

      it('returns the full envelope as appended', async () => {
        const streamId = newStreamId();
        const [event] = events(1);
        if (event === undefined) throw new Error('no event');
        await store().appendToStream(streamId, [event], { expectedRevision: 'no_stream' });
        const [stored] = await store().readStream(streamId, { direction: 'forwards' });
        expect(stored).toMatchObject({ ...event, streamId, streamRevision: 0n });
        expect(stored?.recordedAt).toBeInstanceOf(Date);
        expect(typeof stored?.position).toBe('bigint');
      });

      it('reads forwards and backwards, from a revision, up to maxCount', async () => {
        const streamId = newStreamId();
        await store().appendToStream(streamId, events(5), { expectedRevision: 'no_stream' });
        const revisions = async (options: Parameters<EventStore['readStream']>[1]): Promise<bigint[]> =>
          (await store().readStream(streamId, options)).map((e) => e.streamRevision);
        expect(await revisions({ direction: 'forwards' })).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ direction: 'forwards', fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revisions({ direction: 'forwards', fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4n]);
      });
    });

    describe('readAll', () => {
      it('returns events in increasing position, after fromPosition (exclusive), up to maxCount', async () => {
        const a = newStreamId();
        const b = newStreamId();
        // An event's own position as the start: positions may have gaps of any size, and a real
        // EventStoreDB reads only from positions where an event is.
        const { position: start } = await store().appendToStream(newStreamId(), events(1), { expectedRevision: 'no_stream' });
        const first = await store().appendToStream(a, events(2), { expectedRevision: 'no_stream' });
        await store().appendToStream(b, events(2), { expectedRevision: 'no_stream' });
        await store().appendToStream(a, events(1), { expectedRevision: 1n });
        const isOurs = (e: RecordedEvent): boolean => e.streamId === a || e.streamId === b;
        // readAll may hold back committed events while an older transaction runs (that is how it
        // avoids gaps), and tests share the server: wait, bounded, for ours.
        const page = await eventually(() => store().readAll({ fromPosition: start, maxCount: 10_000 }), (p) => p.filter(isOurs).length === 5);
        const ours = page.filter(isOurs);
        expect(ours.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.streamRevision}`)).toEqual(['a0', 'a1', 'b0', 'b1', 'a2']);
        const positions = page.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
        expect(new Set(positions).size).toBe(positions.length);
        expect(positions.every((p) => p > start)).toBe(true);

        const afterFirst = await eventually(() => store().readAll({ fromPosition: first.position, maxCount: 10_000 }), (p) =>
          p.some((e) => e.streamId === a),
        );
        expect(afterFirst.some((e) => e.position === first.position)).toBe(false);
        expect(afterFirst.filter((e) => e.streamId === a).map((e) => e.streamRevision)).toEqual([2n]);

        expect(await store().readAll({ fromPosition: start, maxCount: 2 })).toHaveLength(2);
      });

      it('reads from the start when fromPosition is omitted', async () => {
        const streamId = newStreamId();
        await store().appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });
        const [firstEver] = await eventually(() => store().readAll({ maxCount: 1 }), (p) => p.length === 1);
        expect(firstEver).toBeDefined();
        expect((firstEver?.position ?? 0n) >= 1n).toBe(true);
      });
    });

    describeSubscriptionContract(store);
    describeSnapshotContract(snapshots);
  });
}
