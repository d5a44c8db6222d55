import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type NewEvent } from '../src';
import { appendWith, PostgresEventStore } from '../src/postgres';
import { eventually } from '../src/testing';
import { migratedSchema, type MigratedSchema } from './postgres-test-schema';

const writers = 32;
const appendsPerWriter = 10;
const sharedStreams = 8;

const sleepMs = (): string => (Math.random() * 0.005).toFixed(4);

/**
 * One writer transaction as the command side will run it: it writes (here: takes its xid)
 * before appending, sleeps inside the transaction, and sometimes rolls back. That makes xid
 * order differ from position order and leaves aborted positions as permanent gaps.
 */
async function writeTransaction(client: Client, schema: string, streamId: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_current_xact_id()');
    await client.query('SELECT pg_sleep($1::float8)', [sleepMs()]);
    const event = { eventId: randomUUID(), type: 'Stressed', schemaVersion: 1, data: { at: Date.now() }, metadata: {} };
    await appendWith(client, schema, streamId, [event], { expectedRevision: 'any' });
    await client.query('SELECT pg_sleep($1::float8)', [sleepMs()]);
    await client.query(Math.random() < 0.1 ? 'ROLLBACK' : 'COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function runWriter(url: string, schema: string, writer: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < appendsPerWriter; i++) {
      await writeTransaction(client, schema, `stress-${(writer + i) % sharedStreams}`);
    }
  } finally {
    await client.end();
  }
}

describe('readAll under concurrent writers (global-position gap problem)', () => {
  let db: MigratedSchema;
  beforeAll(async () => {
    db = await migratedSchema('es_gap');
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('does not pass a lower position still in flight when an older transaction appends after it', async () => {
    const url = process.env['DATABASE_URL'] ?? '';
    const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    const [older, younger] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([older.connect(), younger.connect()]);
    try {
      const start = (await store.readAll({ fromPosition: 0n, maxCount: 1_000_000 })).at(-1)?.position ?? 0n;
      const event = (): NewEvent => ({ eventId: randomUUID(), type: 'Raced', schemaVersion: 1, data: {}, metadata: {} });
      // The older transaction takes its xid first (as a command writing its idempotency key
      // would), the younger one draws a position first and stays open.
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await younger.query('BEGIN');
      await appendWith(younger, db.schema, `race-${randomUUID()}`, [event()], { expectedRevision: 'any' });
      const olderAppend = appendWith(older, db.schema, `race-${randomUUID()}`, [event()], { expectedRevision: 'any' }).then(
        async () => older.query('COMMIT'),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const before = await store.readAll({ fromPosition: start, maxCount: 100 });
      const last = before.at(-1)?.position ?? start;
      await younger.query('COMMIT');
      await olderAppend;
      const after = await eventually(() => store.readAll({ fromPosition: last, maxCount: 100 }), (page) => page.length >= 2 - before.length);
      const followed = [...before, ...after].filter((e) => e.type === 'Raced');
      expect(followed).toHaveLength(2);
    } finally {
      await Promise.all([older.end(), younger.end()]);
    }
  }, 30_000);

  it('makes a writer that bypasses the append functions draw its position after the open append commits', async () => {
    const url = process.env['DATABASE_URL'] ?? '';
    const [appending, bypassing] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([appending.connect(), bypassing.connect()]);
    try {
      await appending.query('BEGIN');
      const { position: appended } = await appendWith(appending, db.schema, `race-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Raced', schemaVersion: 1, data: {}, metadata: {} }], {
        expectedRevision: 'any',
      });
      const pid = (await bypassing.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const inserted = bypassing.query<{ position: string }>(
        `INSERT INTO "${db.schema}".events (stream_id, stream_revision, event_id, type, schema_version, data, metadata)
         VALUES ($1, 0, $2, 'Bypassed', 1, '{}', '{}') RETURNING position`,
        [`bypass-${randomUUID()}`, randomUUID()],
      );
      // The raw insert waits for the store-wide lock the open append holds.
      await eventually(
        async () => (await db.pool.query("SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted", [pid])).rowCount === 1,
        { what: 'the raw insert waits for the advisory lock' },
      );
      await appending.query('COMMIT');
      const position = BigInt((await inserted).rows[0]?.position ?? '0');
      expect(position).toBeGreaterThan(appended);
    } finally {
      await Promise.all([appending.end(), bypassing.end()]);
    }
  });

  it('a reader following $all sees every committed position exactly once, in increasing order', async () => {
    const url = process.env['DATABASE_URL'] ?? '';
    const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    const seen: bigint[] = [];
    let last = 0n;
    const follow = async (): Promise<number> => {
      const page = await store.readAll({ fromPosition: last, maxCount: 50 });
      for (const event of page) seen.push(event.position);
      last = page.at(-1)?.position ?? last;
      return page.length;
    };

    let writing = true;
    const writing$ = Promise.all(Array.from({ length: writers }, (_, w) => runWriter(url, db.schema, w))).finally(() => {
      writing = false;
    });
    while (writing) await follow();
    await writing$;
    // Drain what committed after the last page.
    const committed = await db.pool.query<{ position: string }>(`SELECT position FROM "${db.schema}".events ORDER BY position`);
    const followed = async (): Promise<number> => {
      await follow();
      return seen.length;
    };
    await eventually(followed, (count) => count >= committed.rows.length, { what: 'the reader followed every committed event', timeoutMs: 10_000 });

    expect(committed.rows.length).toBeGreaterThan(writers * appendsPerWriter * 0.7);
    expect(seen).toEqual(committed.rows.map((row) => BigInt(row.position)));
    for (let i = 1; i < seen.length; i++) expect((seen[i] ?? 0n) > (seen[i - 1] ?? 0n)).toBe(true);
  }, 30_000);
});
