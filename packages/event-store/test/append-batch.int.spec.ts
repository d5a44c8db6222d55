import { randomUUID } from 'node:crypto';
import { type NewEvent } from '../src';
import { WrongExpectedVersionError } from '../src/port/wrong-expected-version.error';
import { PostgresEventStore, UnstorableJsonError } from '../src/postgres';
import { eventually } from '../src/testing';
import { migratedSchema, type MigratedSchema } from './postgres-test-schema';

const event = (n = 0): NewEvent => ({ eventId: randomUUID(), type: 'Deposited', schemaVersion: 1, data: { n }, metadata: { correlationId: randomUUID() } });

/**
 * Group commit: appends made while another is in flight share the next transaction. Calls
 * made in one tick are deterministic: the first goes alone, the rest wait for it and then go
 * together, so two transactions hold them all (told apart by recorded_at, which is now(): the
 * start of the row's transaction, the same for every append of a batch).
 */
describe('PostgresEventStore group commit', () => {
  let db: MigratedSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await migratedSchema('es_batch');
    store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
  });
  afterAll(async () => {
    await db.dispose();
  });

  const transactionsOf = async (streamIds: readonly string[]): Promise<number> => {
    const { rows } = await db.pool.query<{ transactions: number }>(
      `SELECT count(DISTINCT recorded_at)::int AS transactions FROM "${db.schema}".events WHERE stream_id = ANY($1)`,
      [streamIds],
    );
    return rows[0]?.transactions ?? 0;
  };

  it('commits concurrent appends to different streams together, each at its own revision, in call order', async () => {
    const streams = Array.from({ length: 20 }, () => `batch-${randomUUID()}`);
    const results = await Promise.all(streams.map((streamId, n) => store.appendToStream(streamId, [event(n), event(n)], { expectedRevision: 'no_stream' })));

    expect(results.map((result) => result.nextExpectedRevision)).toEqual(streams.map(() => 1n));
    const positions = results.map((result) => result.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(await transactionsOf(streams)).toBe(2);
    const first = streams[0] ?? '';
    // readAll holds back what transactions still open anywhere in the database might precede.
    const read = await eventually(() => store.readAll({ fromPosition: (results[0]?.position ?? 0n) - 2n, maxCount: 40 }), (page) => page.length === 40);
    expect(read.map((recorded) => recorded.streamId)).toEqual(streams.flatMap((streamId) => [streamId, streamId]));
    expect(read[0]?.streamId).toBe(first);
  });

  it('fails only the append whose expected revision is wrong, storing nothing of it', async () => {
    const [before, wrong, after] = [`batch-${randomUUID()}`, `batch-${randomUUID()}`, `batch-${randomUUID()}`];
    await store.appendToStream(wrong, [event()], { expectedRevision: 'no_stream' });

    const outcomes = await Promise.allSettled([
      store.appendToStream(`batch-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(before, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(wrong, [event(), event()], { expectedRevision: 5n }),
      store.appendToStream(after, [event()], { expectedRevision: 'no_stream' }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const failure = outcomes[2]?.status === 'rejected' ? (outcomes[2].reason as unknown) : undefined;
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect(failure).toMatchObject({ streamId: wrong, expected: 5n, actual: 0n });
    expect(await store.readStream(wrong, { direction: 'forwards' })).toHaveLength(1);
    expect(await store.readStream(after, { direction: 'forwards' })).toHaveLength(1);
  });

  it('checks two appends to one stream in one batch in call order: the second sees the first', async () => {
    const streamId = `batch-${randomUUID()}`;
    const outcomes = await Promise.allSettled([
      store.appendToStream(`batch-${randomUUID()}`, [event()], { expectedRevision: 'any' }),
      store.appendToStream(streamId, [event(1)], { expectedRevision: 'no_stream' }),
      store.appendToStream(streamId, [event(2)], { expectedRevision: 'no_stream' }),
      store.appendToStream(streamId, [event(3)], { expectedRevision: 0n }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((recorded) => recorded.data)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('refuses an event id stored in another stream for that append alone, and answers a repeat with the original append', async () => {
    const original = event();
    const elsewhere = `batch-${randomUUID()}`;
    const repeated = `batch-${randomUUID()}`;
    const first = await store.appendToStream(repeated, [original], { expectedRevision: 'no_stream' });
    await store.appendToStream(`batch-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });

    const outcomes = await Promise.allSettled([
      store.appendToStream(`batch-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(elsewhere, [original], { expectedRevision: 'no_stream' }),
      store.appendToStream(repeated, [original], { expectedRevision: 'no_stream' }),
    ]);

    expect(outcomes[0]?.status).toBe('fulfilled');
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('already stored elsewhere') as unknown } });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: first });
    expect(await store.readStream(elsewhere, { direction: 'forwards' })).toEqual([]);
  });

  it('fails a poisoned append in the middle of a full batch alone: the other 99 commit together, nothing of it is stored', async () => {
    const streams = Array.from({ length: 100 }, () => `batch-${randomUUID()}`);
    const poisoned = 50;
    const poison = (n: number): NewEvent => ({ ...event(n), data: { n, reference: 'lone \ud800 surrogate' } });

    const outcomes = await Promise.allSettled([
      // Goes alone; the next 100 wait for it and then form one full batch.
      store.appendToStream(`batch-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' }),
      ...streams.map((streamId, n) => store.appendToStream(streamId, n === poisoned ? [event(n), poison(n)] : [event(n)], { expectedRevision: 'no_stream' })),
    ]);

    const [, ...batch] = outcomes;
    expect(batch.map((outcome, n) => (n === poisoned ? 'poisoned' : outcome.status))).toEqual(streams.map((_, n) => (n === poisoned ? 'poisoned' : 'fulfilled')));
    const failure = batch[poisoned]?.status === 'rejected' ? (batch[poisoned].reason as unknown) : undefined;
    expect(failure).toBeInstanceOf(UnstorableJsonError);
    expect(failure).toMatchObject({ message: `Stream ${streams[poisoned]}: event 1 (Deposited).data.reference holds a lone UTF-16 surrogate (not Unicode), which PostgreSQL cannot store (jsonb)` });
    expect(await store.readStream(streams[poisoned] ?? '', { direction: 'forwards' })).toEqual([]);
    const others = streams.filter((_, n) => n !== poisoned);
    expect(await transactionsOf(others)).toBe(1);
    const stored = await Promise.all(others.map(async (streamId) => (await store.readStream(streamId, { direction: 'forwards' })).length));
    expect(stored).toEqual(others.map(() => 1));
  });

  it('never deadlocks two instances whose batches name the same streams in opposite orders', async () => {
    const other = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    const streams = Array.from({ length: 6 }, () => `batch-${randomUUID()}`);
    const batchOf = (writer: PostgresEventStore, order: readonly string[]) =>
      // The first append goes alone; the rest form one batch, in `order`.
      [writer.appendToStream(`batch-${randomUUID()}`, [event()], { expectedRevision: 'any' }), ...order.map((streamId) => writer.appendToStream(streamId, [event()], { expectedRevision: 'any' }))];

    for (let round = 0; round < 10; round += 1) {
      const outcomes = await Promise.allSettled([...batchOf(store, streams), ...batchOf(other, [...streams].reverse())]);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    }
    const lengths = await Promise.all(streams.map(async (streamId) => (await store.readStream(streamId, { direction: 'forwards' })).length));
    expect(lengths).toEqual(streams.map(() => 20));
  });
});
