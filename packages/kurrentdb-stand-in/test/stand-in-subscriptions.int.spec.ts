// Catch-up subscriptions and server-side filters of the KurrentDB TEST STAND-IN, driven by the
// real @kurrent/kurrentdb-client.
import { randomUUID } from 'node:crypto';
import {
  END,
  KurrentDBClient,
  excludeSystemEvents,
  jsonEvent,
  NO_STREAM,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Position,
  type ResolvedEvent,
  type StreamSubscription,
} from '@kurrent/kurrentdb-client';
import { setTimeout as delay } from 'node:timers/promises';
import { startKurrentDbStandIn, type KurrentDbStandIn } from '../src';

let standIn: KurrentDbStandIn;
let client: KurrentDBClient;

beforeAll(async () => {
  standIn = await startKurrentDbStandIn();
  client = KurrentDBClient.connectionString(standIn.url);
});

afterAll(async () => {
  await client.dispose();
  await standIn.close();
});

/** Polls until `check` holds (this package uses no workspace package: their tests use it). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !check(); await delay(10)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

const newStream = (prefix = 'stand-in'): string => `${prefix}-${randomUUID()}`;
const event = (type = 'StandInTested') => jsonEvent({ type, data: {} });

/** What a subscription delivered, in order: event ids, and `caughtUp` where it came. */
function record(subscription: AllStreamSubscription | StreamSubscription): { seen: string[]; errors: unknown[] } {
  const seen: string[] = [];
  const errors: unknown[] = [];
  subscription.on('data', (resolved: ResolvedEvent | AllStreamResolvedEvent) => seen.push(resolved.event?.id ?? '?'));
  subscription.on('caughtUp', () => seen.push('caughtUp'));
  subscription.on('error', (error: Error) => errors.push(error));
  return { seen, errors };
}

async function allIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const resolved of client.readAll()) ids.push(resolved.event?.id ?? '?');
  return ids;
}

describe('KurrentDB test stand-in subscriptions, through @kurrent/kurrentdb-client', () => {
  it('subscribeToAll from START: the whole history, caughtUp, then live appends in order', async () => {
    await client.appendToStream(newStream(), [event(), event()], { streamState: NO_STREAM });
    await client.appendToStream(newStream(), [event()], { streamState: NO_STREAM });
    const history = await allIds();
    const subscription = client.subscribeToAll({ fromPosition: START });
    const { seen, errors } = record(subscription);
    await until(() => seen.includes('caughtUp'), 'catch-up');
    const live = [event(), event()];
    await client.appendToStream(newStream(), live, { streamState: NO_STREAM });
    await until(() => seen.length === history.length + 3, 'the live events');
    await subscription.unsubscribe();
    expect(seen).toEqual([...history, 'caughtUp', ...live.map((e) => e.id)]);
    expect(errors).toEqual([]);
  });

  it('subscribeToAll from a position: the events after it, then live ones', async () => {
    const streamId = newStream();
    const written = [event(), event(), event()];
    await client.appendToStream(streamId, written, { streamState: NO_STREAM });
    const read: AllStreamResolvedEvent[] = [];
    for await (const resolved of client.readStream(streamId)) read.push(resolved as AllStreamResolvedEvent);
    const from = read[0]?.event?.position;
    if (from === undefined) throw new Error('no position');

    const subscription = client.subscribeToAll({ fromPosition: from });
    const { seen } = record(subscription);
    await until(() => seen.includes('caughtUp'), 'catch-up');
    const live = event();
    await client.appendToStream(streamId, [live], { streamState: 2n });
    await until(() => seen.includes(live.id), 'the live event');
    await subscription.unsubscribe();
    expect(seen).toEqual([written[1]?.id, written[2]?.id, 'caughtUp', live.id]);
  });

  it('subscribeToAll from END: only what is appended afterwards', async () => {
    await client.appendToStream(newStream(), [event()]);
    const subscription = client.subscribeToAll({ fromPosition: END });
    const { seen } = record(subscription);
    await until(() => seen.includes('caughtUp'), 'confirmation');
    const live = event();
    await client.appendToStream(newStream(), [live]);
    await until(() => seen.includes(live.id), 'the live event');
    await subscription.unsubscribe();
    expect(seen).toEqual(['caughtUp', live.id]);
  });

  it('filters on the server: excludeSystemEvents and stream name prefixes, with checkpoints past filtered events', async () => {
    const prefix = `filtered-${randomUUID()}`;
    const mine = event();
    const system = event('$stand-in-system');
    const other = event();
    await client.appendToStream(`${prefix}-a`, [mine, system], { streamState: NO_STREAM });
    await client.appendToStream(newStream(), [other], { streamState: NO_STREAM });

    const checkpoints: Position[] = [];
    const byPrefix = client.subscribeToAll({
      filter: streamNameFilter({
        prefixes: [prefix],
        maxSearchWindow: 1,
        checkpointInterval: 1,
        checkpointReached: (_subscription, position) => void checkpoints.push(position),
      }),
    });
    const withoutSystem = client.subscribeToAll({ filter: excludeSystemEvents() });
    const prefixed = record(byPrefix);
    const userEvents = record(withoutSystem);
    await until(() => prefixed.seen.includes('caughtUp') && userEvents.seen.includes('caughtUp'), 'catch-up');
    const live = event();
    await client.appendToStream(`${prefix}-b`, [live], { streamState: NO_STREAM });
    await until(() => prefixed.seen.includes(live.id) && userEvents.seen.includes(live.id), 'the live event');
    await byPrefix.unsubscribe();
    await withoutSystem.unsubscribe();

    expect(prefixed.seen).toEqual([mine.id, system.id, 'caughtUp', live.id]);
    expect(userEvents.seen).toEqual(expect.arrayContaining([mine.id, other.id, live.id]));
    expect(userEvents.seen).not.toContain(system.id);
    // One checkpoint per considered event (window 1 x multiplier 1), the other stream's included.
    const otherPosition = (await findById(client.readAll({ fromPosition: START }), other.id))?.event?.position;
    expect(checkpoints).toContainEqual(otherPosition);
    const commits = checkpoints.map((position) => position.commit);
    expect([...commits].sort((a, b) => (a < b ? -1 : 1))).toEqual(commits);
  });

  it('subscribeToStream: its history after the starting revision, then live events, even before it exists', async () => {
    const streamId = newStream();
    const early = client.subscribeToStream(streamId, { fromRevision: START });
    const fromStart = record(early);
    await until(() => fromStart.seen.includes('caughtUp'), 'catch-up of a missing stream');
    const written = [event(), event(), event()];
    await client.appendToStream(streamId, written, { streamState: NO_STREAM });
    await client.appendToStream(newStream(), [event()]);

    const late = client.subscribeToStream(streamId, { fromRevision: 0n });
    const fromRevision = record(late);
    await until(() => fromRevision.seen.includes('caughtUp'), 'catch-up');
    const live = event();
    await client.appendToStream(streamId, [live], { streamState: 2n });
    await until(() => fromStart.seen.includes(live.id) && fromRevision.seen.includes(live.id), 'the live event');
    await early.unsubscribe();
    await late.unsubscribe();

    const ids = written.map((e) => e.id);
    expect(fromStart.seen).toEqual(['caughtUp', ...ids, live.id]);
    expect(fromRevision.seen).toEqual([ids[1], ids[2], 'caughtUp', live.id]);
  });

  it('keeps serving after a subscription is unsubscribed', async () => {
    const subscription = client.subscribeToAll({ fromPosition: END });
    const { seen } = record(subscription);
    await until(() => seen.includes('caughtUp'), 'catch-up');
    await subscription.unsubscribe();
    const streamId = newStream();
    await client.appendToStream(streamId, [event()], { streamState: NO_STREAM });
    expect(seen).toEqual(['caughtUp']);
    const read: unknown[] = [];
    for await (const resolved of client.readStream(streamId)) read.push(resolved);
    expect(read).toHaveLength(1);
  });
});

/**
 * Reads to the end: leaving a client read early, once the server has sent everything, leaves a
 * paused gRPC stream that `client.dispose()` then waits on forever (client 6.2.1, any server).
 */
async function findById(events: AsyncIterable<AllStreamResolvedEvent>, id: string): Promise<AllStreamResolvedEvent | undefined> {
  let found: AllStreamResolvedEvent | undefined;
  for await (const resolved of events) if (resolved.event?.id === id) found = resolved;
  return found;
}
