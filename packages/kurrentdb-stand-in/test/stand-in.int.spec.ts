// Drives the KurrentDB TEST STAND-IN with the real @kurrent/kurrentdb-client, the way the adapter
// will: every promise here is one the client makes to its callers.
import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  binaryEvent,
  END,
  KurrentDBClient,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type AppendResult,
  type AppendToStreamOptions,
  type JSONEventData,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { status } from '@grpc/grpc-js';
import { startKurrentDbStandIn, type KurrentDbStandIn } from '../src';

let standIn: KurrentDbStandIn;
let client: KurrentDBClient;

beforeAll(async () => {
  standIn = await startKurrentDbStandIn({ port: 0 });
  client = KurrentDBClient.connectionString(standIn.url);
});

afterAll(async () => {
  await client.dispose();
  await standIn.close();
});

const newStream = (): string => `stand-in-${randomUUID()}`;
const event = (n: number, id: string = randomUUID()): JSONEventData =>
  jsonEvent({ id, type: 'StandInTested', data: { n }, metadata: { correlationId: `c-${n}` } });

async function read(iterable: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  for await (const resolved of iterable) events.push(resolved);
  return events;
}

const revisions = (events: ResolvedEvent[]): bigint[] => events.map((resolved) => resolved.event?.revision ?? -1n);
const numbers = (events: ResolvedEvent[]): unknown[] =>
  events.map((resolved) => (resolved.event?.data as { n?: unknown } | undefined)?.n);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('KurrentDB test stand-in, through @kurrent/kurrentdb-client', () => {
  // The client appends through BatchAppend when the server announces it, and through Append when a
  // call carries its own credentials: both RPCs are checked with the same cases.
  describe.each([
    { rpc: 'BatchAppend', options: {} },
    { rpc: 'Append', options: { credentials: { username: 'admin', password: 'changeit' } } },
  ])('appendToStream over $rpc', ({ options }: { options: AppendToStreamOptions }) => {
    const append = (
      streamId: string,
      events: JSONEventData[],
      expectedRevision: AppendStreamState,
    ): Promise<AppendResult> => client.appendToStream(streamId, events, { ...options, streamState: expectedRevision });

    const wrongVersion = async (promise: Promise<unknown>): Promise<WrongExpectedVersionError> => {
      const error = await rejectionOf(promise);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      return error as WrongExpectedVersionError;
    };

    it('numbers revisions from 0 and gives each event its own increasing position, commit == prepare', async () => {
      const streamId = newStream();
      const first = await append(streamId, [event(0)], NO_STREAM);
      const second = await append(streamId, [event(1), event(2), event(3)], 0n);
      expect(first.nextExpectedRevision).toBe(0n);
      expect(second.nextExpectedRevision).toBe(3n);
      expect(first.position?.commit).toBe(first.position?.prepare);
      expect(second.position?.commit).toBeGreaterThan(first.position?.commit ?? 0n);
      const stored = await read(client.readStream(streamId));
      expect(revisions(stored)).toEqual([0n, 1n, 2n, 3n]);
      const positions = stored.map((resolved) => resolved.event?.position?.commit ?? 0n);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      expect(new Set(positions).size).toBe(4);
      expect(stored[3]?.event?.position).toEqual(second.position);
      // Stream reads carry the $all position too, as EventStoreDB has since 22.6.
      expect(stored.map((resolved) => resolved.commitPosition)).toEqual(positions);
    });

    it('checks no_stream, stream_exists and an exact revision, reporting actual and expected versions', async () => {
      const streamId = newStream();
      const missing = await wrongVersion(append(streamId, [event(0)], STREAM_EXISTS));
      expect(missing).toMatchObject({ streamName: streamId, actualState: 'no_stream', expectedState: STREAM_EXISTS });
      const ahead = await wrongVersion(append(streamId, [event(0)], 5n));
      expect(ahead).toMatchObject({ actualState: 'no_stream', expectedState: 5n });

      await append(streamId, [event(0)], NO_STREAM);
      const exists = await wrongVersion(append(streamId, [event(1)], NO_STREAM));
      expect(exists).toMatchObject({ actualState: 0n, expectedState: NO_STREAM });
      expect((await append(streamId, [event(1)], STREAM_EXISTS)).nextExpectedRevision).toBe(1n);
      const stale = await wrongVersion(append(streamId, [event(2)], 0n));
      expect(stale).toMatchObject({ actualState: 1n, expectedState: 0n });
      expect((await append(streamId, [event(2)], 1n)).nextExpectedRevision).toBe(2n);
      expect((await append(streamId, [event(3)], ANY)).nextExpectedRevision).toBe(3n);
      expect(numbers(await read(client.readStream(streamId)))).toEqual([0, 1, 2, 3]);
    });

    it('acknowledges a repeat of the same event ids with the same expectation without writing them again', async () => {
      const streamId = newStream();
      const batch = [event(0), event(1)];
      const original = await append(streamId, batch, NO_STREAM);
      await append(streamId, [event(2)], 1n);
      const repeat = await append(streamId, batch, NO_STREAM);
      expect(repeat).toEqual(original);
      expect(numbers(await read(client.readStream(streamId)))).toEqual([0, 1, 2]);
    });

    it('recognises a repeat under ANY, and refuses a batch that was only partly written before', async () => {
      const streamId = newStream();
      const batch = [event(0), event(1)];
      const original = await append(streamId, batch, ANY);
      expect(await append(streamId, batch, ANY)).toEqual(original);
      await wrongVersion(append(streamId, [batch[0] ?? event(9), event(7)], NO_STREAM));
      await wrongVersion(append(streamId, [batch[0] ?? event(9), event(8)], ANY));
      expect(numbers(await read(client.readStream(streamId)))).toEqual([0, 1]);
    });

    it('refuses an append over the maximum append size (1 MiB) as the client expects, writing none of it', async () => {
      const streamId = newStream();
      const big = jsonEvent({ type: 'TooBig', data: { blob: 'x'.repeat(1_100_000) } });
      const error = await rejectionOf(client.appendToStream(streamId, [event(0), big], options));
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1_048_576 });
      expect(await rejectionOf(read(client.readStream(streamId)))).toBeInstanceOf(StreamNotFoundError);
    });
  });

  it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
    const streamId = newStream();
    await client.appendToStream(streamId, [event(0)], { streamState: NO_STREAM });
    for (const expectedRevision of [0n, 1n]) {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, n) => client.appendToStream(streamId, [event(n)], { streamState: expectedRevision })),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const error of lost) {
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ actualState: expectedRevision + 1n, expectedState: expectedRevision });
      }
    }
    expect(revisions(await read(client.readStream(streamId)))).toEqual([0n, 1n, 2n]);
  });

  it('joins an append the client splits over several BatchAppend requests', async () => {
    const streamId = newStream();
    const events = Array.from({ length: 20 }, (_, n) => event(n));
    const result = await client.appendToStream(streamId, events, { streamState: NO_STREAM, batchAppendSize: 200 });
    expect(result.nextExpectedRevision).toBe(19n);
    expect(numbers(await read(client.readStream(streamId)))).toEqual(events.map((_, n) => n));
  });

  describe('readStream', () => {
    let streamId: string;
    beforeAll(async () => {
      streamId = newStream();
      await client.appendToStream(streamId, [0, 1, 2, 3, 4].map((n) => event(n)), { streamState: NO_STREAM });
    });

    it('reads forwards and backwards, from a revision (inclusive), at most maxCount', async () => {
      expect(numbers(await read(client.readStream(streamId)))).toEqual([0, 1, 2, 3, 4]);
      expect(numbers(await read(client.readStream(streamId, { direction: BACKWARDS, fromRevision: END })))).toEqual([4, 3, 2, 1, 0]);
      expect(numbers(await read(client.readStream(streamId, { fromRevision: 2n })))).toEqual([2, 3, 4]);
      expect(numbers(await read(client.readStream(streamId, { direction: BACKWARDS, fromRevision: 2n })))).toEqual([2, 1, 0]);
      expect(numbers(await read(client.readStream(streamId, { fromRevision: 1n, maxCount: 2 })))).toEqual([1, 2]);
      expect(numbers(await read(client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })))).toEqual([4]);
      expect(await read(client.readStream(streamId, { fromRevision: 5n }))).toEqual([]);
      // (Forwards from END cannot be asked through this client: see the gRPC-level tests.)
    });

    it('returns what was written: id, type, JSON data and metadata, and created as a Date', async () => {
      const id = randomUUID();
      const otherStream = newStream();
      const before = Date.now();
      await client.appendToStream(otherStream, [event(42, id)], { streamState: NO_STREAM });
      const [stored] = await read(client.readStream(otherStream));
      expect(stored?.event).toMatchObject({
        streamId: otherStream,
        id,
        type: 'StandInTested',
        isJson: true,
        data: { n: 42 },
        metadata: { correlationId: 'c-42' },
        revision: 0n,
      });
      // The client's reader (its Rust half) keeps whole seconds of `created`; the stand-in sends 100 ns ticks.
      const created = stored?.event?.created.getTime() ?? 0;
      expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1_000) * 1_000);
      expect(created).toBeLessThanOrEqual(Date.now());
    });

    it('keeps binary data and metadata as bytes, and says the event is not JSON', async () => {
      const binaryStream = newStream();
      const data = Uint8Array.from([0, 1, 2, 255]);
      const metadata = Uint8Array.from([9, 8]);
      await client.appendToStream(binaryStream, [binaryEvent({ type: 'StandInBinary', data, metadata })]);
      const [stored] = await read(client.readStream(binaryStream));
      expect(stored?.event).toMatchObject({ type: 'StandInBinary', isJson: false });
      expect(Buffer.from(stored?.event?.data as Uint8Array)).toEqual(Buffer.from(data));
      expect(Buffer.from(stored?.event?.metadata as Uint8Array)).toEqual(Buffer.from(metadata));
    });

    it('answers StreamNotFoundError for a stream that has no events', async () => {
      const missing = newStream();
      const error = await rejectionOf(read(client.readStream(missing)));
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ streamName: missing });
    });
  });

  describe('readAll', () => {
    it('reads forwards from a position (inclusive) and backwards from one (exclusive), at most maxCount', async () => {
      const streamA = newStream();
      const streamB = newStream();
      await client.appendToStream(streamA, [event(0)], { streamState: NO_STREAM });
      const second = await client.appendToStream(streamB, [event(1), event(2)], { streamState: NO_STREAM });
      await client.appendToStream(streamA, [event(3)], { streamState: 0n });
      const newest = await read(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 4 }));
      expect(numbers(newest)).toEqual([3, 2, 1, 0]);
      expect(newest.map((resolved) => resolved.event?.streamId)).toEqual([streamA, streamB, streamB, streamA]);
      const start = newest[3]?.event?.position;
      if (start === undefined) throw new Error('no position');
      expect(numbers(await read(client.readAll({ fromPosition: start, maxCount: 3 })))).toEqual([0, 1, 2]);
      const lastOfSecond = second.position;
      if (lastOfSecond === undefined) throw new Error('no append position');
      expect(numbers(await read(client.readAll({ direction: BACKWARDS, fromPosition: lastOfSecond, maxCount: 2 })))).toEqual([1, 0]);
      for (const resolved of newest) expect(resolved.commitPosition).toBe(resolved.event?.position?.commit);
    });

    it('includes events of system streams and system types: filtering them is up to a filter', async () => {
      const systemStream = `$stand-in-${randomUUID()}`;
      await client.appendToStream(systemStream, [jsonEvent({ type: '$stand-in-system', data: {} })]);
      const [newest] = await read(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
      expect(newest?.event).toMatchObject({ streamId: systemStream, type: '$stand-in-system' });
    });

    it('reads backwards from END and forwards from START, whatever the direction: the client sends those so', async () => {
      const streamId = newStream();
      await client.appendToStream(streamId, [event(0), event(1)]);
      const [newest] = await read(client.readAll({ fromPosition: END, direction: FORWARDS, maxCount: 1 }));
      expect(newest?.event?.streamId).toBe(streamId);
      expect(numbers(await read(client.readStream(streamId, { fromRevision: END, direction: FORWARDS })))).toEqual([1, 0]);
      const [oldest] = await read(client.readAll({ fromPosition: START, direction: BACKWARDS, maxCount: 1 }));
      expect(oldest?.event?.position?.commit).toBe(4_096n);
    });
  });

  it('answers UNIMPLEMENTED for what it does not serve (deleteStream)', async () => {
    const error = await rejectionOf(client.deleteStream(newStream()));
    expect(error).toMatchObject({ code: status.UNIMPLEMENTED });
  });
});
