import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { Client, type Notification } from 'pg';
import { appliedRevisionsChannelOf, inTransaction, parseAppliedRevisions, PostgresReadModelStore, PostgresUnitOfWork, ProjectionVersions, type AppliedRevisions } from '../src/postgres';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

const eventAt = (streamId: string, revision: bigint): RecordedEvent => ({
  eventId: randomUUID(),
  type: 'ledger.account.account-frozen',
  schemaVersion: 1,
  streamId,
  streamRevision: revision,
  position: revision + 1n,
  data: {},
  metadata: {},
  recordedAt: new Date(),
});

describe('PostgresReadModelStore: NOTIFY of the revisions a batch applied', () => {
  let pg: PostgresUnderTest;
  let listener: Client;

  /** The next notice heard on the channel. */
  const nextNotice = () =>
    new Promise<AppliedRevisions | undefined>((resolve) => listener.once('notification', (message: Notification) => resolve(parseAppliedRevisions(message.payload ?? ''))));

  beforeAll(async () => {
    pg = await postgresUnderTest('notify');
    listener = new Client({ connectionString: process.env['DATABASE_URL'] });
    await listener.connect();
    await listener.query(`LISTEN "${appliedRevisionsChannelOf(pg.readModelSchema)}"`);
  });
  afterAll(async () => {
    await listener.end();
    await pg.dispose();
  });

  it('is heard when the batch commits, never for a rolled-back batch, a rolled-back event or a guard that moved', async () => {
    // given: a projection whose rows fail for one stream
    const failing = accountStreamId(randomUUID());
    const store = new PostgresReadModelStore({
      schema: pg.readModelSchema,
      guard: 'account-summary',
      projection: {
        applyEvents: (events) => (events.some((event) => event.streamId === failing) ? Promise.reject(new Error('poison')) : Promise.resolve()),
      },
    });
    const [rolledBack, committed, alsoCommitted] = [accountStreamId(randomUUID()), accountStreamId(randomUUID()), accountStreamId(randomUUID())];
    // and a stream whose guard another writer moved: its NOTIFY is sent by the statement that finds it moved
    const moved = accountStreamId(randomUUID());
    await pg.pool.query(`INSERT INTO "${pg.readModelSchema}".projection_stream_revisions VALUES ('account-summary', $1, 5)`, [moved]);

    const heard = nextNotice();

    // when: one batch rolls back, another loses one event to its savepoint and commits the rest
    await inTransaction(pg.pool, async (tx) => {
      await store.writerFor(new PostgresUnitOfWork(tx, new ProjectionVersions(pg.readModelSchema))).apply([eventAt(rolledBack, 0n)]);
      throw new Error('the batch fails');
    }).catch(() => undefined);
    await inTransaction(pg.pool, async (tx) => {
      const writer = store.writerFor(new PostgresUnitOfWork(tx, new ProjectionVersions(pg.readModelSchema)));
      await writer.applyOne(eventAt(failing, 0n)).catch(() => undefined);
      await expect(writer.applyOne(eventAt(moved, 0n))).rejects.toThrow(/guard\(s\) moved/);
      await writer.apply([eventAt(committed, 0n), eventAt(committed, 1n), eventAt(alsoCommitted, 0n)]);
    });

    // then: notifications arrive in commit order, so the first one heard is the committed batch's
    expect(await heard).toEqual({
      projection: 'account-summary',
      revisions: [
        { streamId: committed, revision: 1n },
        { streamId: alsoCommitted, revision: 0n },
      ],
    });
  });
});
