import { randomUUID } from 'node:crypto';
import { type NewEvent, type RecordedEvent } from '../src';
import { notifyChannelOf, PostgresEventStore } from '../src/postgres';
import { eventually } from '../src/testing';
import { migratedSchema, type MigratedSchema } from './postgres-test-schema';

const event = (): NewEvent => ({ eventId: randomUUID(), type: 'Subscribed', schemaVersion: 1, data: {}, metadata: {} });

describe('PostgreSQL subscribeToAll (LISTEN/NOTIFY)', () => {
  let db: MigratedSchema;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await migratedSchema('es_subscribe');
    // A re-poll far longer than the test: a live event can only arrive through NOTIFY.
    store = new PostgresEventStore({ pool: db.pool, schema: db.schema, subscriptionRepollMs: 60_000 });
  });
  afterAll(async () => {
    await db.dispose();
  });

  const listeners = async (): Promise<number> => {
    const result = await db.pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM pg_stat_activity WHERE query = $1',
      [`LISTEN ${notifyChannelOf(db.schema)}`],
    );
    return Number(result.rows[0]?.count ?? '0');
  };

  it('wakes on a commit notification, and releases its listening connection on close', async () => {
    const { position } = await store.appendToStream(`live-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
    const subscription = store.subscribeToAll({ fromPosition: position });
    const iterator = subscription[Symbol.asyncIterator]();
    const received: RecordedEvent[] = [];
    for (let i = 0; i < 3; i++) {
      const next = iterator.next();
      // Let it catch up and start waiting before the commit it must be woken by.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const streamId = `live-${randomUUID()}`;
      await store.appendToStream(streamId, [event()], { expectedRevision: 'no_stream' });
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
      const result = await Promise.race([next, timeout]);
      if (result === 'timeout' || result.done === true) throw new Error(`no live event after ${received.length}`);
      expect(result.value.streamId).toBe(streamId);
      received.push(result.value);
    }
    expect(await listeners()).toBe(1);
    await subscription.close();
    expect(await eventually(listeners, (count) => count === 0, { intervalMs: 20 })).toBe(0);
    expect(received).toHaveLength(3);
  }, 30_000);

  it('is not woken by commits in another schema', async () => {
    const other = await migratedSchema('es_subscribe_other');
    try {
      const otherStore = new PostgresEventStore({ pool: other.pool, schema: other.schema });
      const { position } = await store.appendToStream(`quiet-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ fromPosition: position });
      const next = subscription[Symbol.asyncIterator]().next();
      await otherStore.appendToStream(`elsewhere-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
      const timeout = new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), 500));
      expect(await Promise.race([next, timeout])).toBe('quiet');
      await subscription.close();
      expect(await next).toEqual({ done: true, value: undefined });
    } finally {
      await other.dispose();
    }
  });
});
