import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventTopics, KafkaEventPublisher } from '@ledger/messaging';
import { eventually } from '@ledger/event-store/testing';
import { Registry } from 'prom-client';
import { Client } from 'pg';
import { AdvisoryLockLeadership } from '../src/infrastructure/advisory-lock-leadership';
import { EventRelay } from '../src/relay/event-relay';
import { RelayMetrics } from '../src/relay/relay-metrics';
import { appendToAccounts, collectingLogger, relayTestBed, type RelayTestBed } from './relay.harness';

/**
 * Other people's transactions: a session some client left idle in a transaction (it wrote, so it
 * holds an xid, and it began before the events were appended) must not hold the relay back.
 * Positions are drawn in commit order (read-all.ts), so the relay follows every commit at once;
 * it needs no server timeout to end the other session. The relay here is woken only by the
 * commits' notifications (its safety re-poll is ten minutes away), as it would be when idle.
 */
describe('the relay while another client keeps a transaction open', () => {
  let bed: RelayTestBed;
  let publisher: KafkaEventPublisher;
  let relay: EventRelay | undefined;
  const forgetful: Client[] = [];

  beforeAll(async () => {
    bed = await relayTestBed('relay_idle');
    publisher = new KafkaEventPublisher({ kafka: bed.kafka, topics: eventTopics(bed.config.topicPrefix), partitions: 4 });
  });
  afterAll(async () => {
    await relay?.stop();
    for (const client of forgetful) await client.end().catch(() => undefined);
    await publisher.close();
    await bed.dispose();
  });

  /** A session that began a transaction, wrote (an xid of its own), and was forgotten: no COMMIT, no ROLLBACK. */
  async function forgottenTransaction(sql: string): Promise<Client> {
    const client = new Client({ connectionString: bed.config.databaseUrl, application_name: 'forgetful-client' });
    client.on('error', () => undefined);
    await client.connect();
    forgetful.push(client);
    await client.query('BEGIN');
    await client.query(sql);
    return client;
  }

  it('publishes every event committed after the other transaction began, while it stays open', async () => {
    // One in the store's own database with an xid older than every event below, one writing a table of its own.
    await forgottenTransaction('SELECT pg_current_xact_id()');
    await forgottenTransaction(`CREATE TEMP TABLE forgotten (id int); INSERT INTO forgotten VALUES (1)`);
    const notifiedOnly = new PostgresEventStore({ pool: bed.pool, schema: bed.config.eventStoreSchema, subscriptionRepollMs: 600_000 });
    const logs = collectingLogger('debug');
    relay = new EventRelay({
      name: bed.relayName,
      store: notifiedOnly,
      publisher,
      checkpoints: bed.checkpoints,
      batchSize: bed.config.batchSize,
      leadership: new AdvisoryLockLeadership({ connection: { connectionString: bed.config.databaseUrl }, lockName: bed.relayName, logger: logs.logger }),
      prepare: () => bed.checkpoints.prepare(),
      metrics: new RelayMetrics(new Registry()),
      logger: logs.logger,
    });
    relay.start();

    const backlog = await appendToAccounts(bed.store, 4, 3);
    await bed.consumedUntilAll(backlog);
    // And live ones, each woken by its commit alone.
    const live = await appendToAccounts(bed.store, 3, 1);
    const stored = [...backlog, ...live];
    const consumed = await bed.consumedUntilAll(stored);

    expect(new Set(consumed.map((record) => record.event.eventId))).toEqual(new Set(stored.map((event) => event.eventId)));
    const last = live.reduce((high, event) => (event.position > high ? event.position : high), 0n);
    await eventually(async () => (await bed.checkpoint()) === last, { what: 'the checkpoint reaches the last event' });
    // The forgotten transactions are still open: it was not their end that let the relay go on.
    const open = await bed.pool.query<{ count: string }>(
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'forgetful-client' AND state = 'idle in transaction'",
    );
    expect(Number(open.rows[0]?.count)).toBe(2);
  });
});
