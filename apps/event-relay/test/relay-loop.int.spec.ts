import { type RecordedEvent } from '@ledger/event-store';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventTopics, KafkaEventPublisher, type EventPublisher } from '@ledger/messaging';
import { Registry } from 'prom-client';
import { AdvisoryLockLeadership } from '../src/infrastructure/advisory-lock-leadership';
import { EventRelay } from '../src/relay/event-relay';
import { RelayMetrics } from '../src/relay/relay-metrics';
import { eventually } from '@ledger/event-store/testing';
import { appendToAccounts, appliedPerStream, collectingLogger, relayTestBed, type RelayTestBed } from './relay.harness';

describe('the relay following the event store to Kafka (real PostgreSQL and Kafka)', () => {
  let bed: RelayTestBed;
  let kafkaPublisher: KafkaEventPublisher;
  let relay: EventRelay | undefined;
  beforeAll(async () => {
    bed = await relayTestBed('relay_loop');
    kafkaPublisher = new KafkaEventPublisher({ kafka: bed.kafka, topics: eventTopics(bed.config.topicPrefix), partitions: 4 });
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });
  afterAll(async () => {
    await kafkaPublisher.close();
    await bed.dispose();
  });

  /** The relay as the app wires it, but publishing through `publisher` so a test can watch or break Kafka. */
  function startRelay(publisher: EventPublisher, logger = collectingLogger('debug'), store = bed.store): EventRelay {
    relay = new EventRelay({
      name: bed.relayName,
      store,
      publisher,
      checkpoints: bed.checkpoints,
      batchSize: bed.config.batchSize,
      leadership: new AdvisoryLockLeadership({ connection: { connectionString: bed.config.databaseUrl }, lockName: bed.relayName, logger: logger.logger }),
      prepare: () => bed.checkpoints.prepare(),
      metrics: new RelayMetrics(new Registry()),
      logger: logger.logger,
    });
    relay.start();
    return relay;
  }

  const lastPosition = (events: readonly RecordedEvent[]): bigint => events.reduce((last, event) => (event.position > last ? event.position : last), 0n);

  it('publishes a backlog and live commits once each, every stream in revision order on one partition, in batches', async () => {
    const backlog = await appendToAccounts(bed.store, 20, 10);
    const logs = collectingLogger('debug');
    startRelay(kafkaPublisher, logs);
    const live = await appendToAccounts(bed.store, 5, 4);
    const stored = [...backlog, ...live];

    const consumed = await bed.consumedUntilAll(stored);

    const { applied, gaps } = appliedPerStream(consumed);
    expect(gaps).toEqual([]);
    expect(consumed).toHaveLength(stored.length);
    for (const streamId of new Set(stored.map((event) => event.streamId))) {
      const ofStream = stored.filter((event) => event.streamId === streamId);
      expect(applied.get(streamId)).toEqual(ofStream.map((event) => event.streamRevision));
      expect(new Set(consumed.filter((record) => record.key === streamId).map((record) => record.partition)).size).toBe(1);
    }
    await eventually(async () => (await bed.checkpoint()) === lastPosition(stored), { what: 'the checkpoint reaches the last event' });
    const batchSizes = logs.lines().filter((line) => line['message'] === 'batch published').map((line) => Number(line['events']));
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
  });

  it('keeps the checkpoint while publishing fails, then publishes everything from it once Kafka answers again', async () => {
    const before = await bed.checkpoint();
    let refusals = 2;
    const flakyKafka: EventPublisher = {
      publish: (events) => (refusals-- > 0 ? Promise.reject(new Error('NOT_ENOUGH_REPLICAS')) : kafkaPublisher.publish(events)),
    };
    const stored = await appendToAccounts(bed.store, 3, 3);
    const running = startRelay(flakyKafka);

    await eventually(() => running.failure !== undefined, { what: 'the first attempt failed' });
    expect(await bed.checkpoint()).toBe(before);
    expect(running.failure).toMatchObject({ error: 'NOT_ENOUGH_REPLICAS' });

    await bed.consumedUntilAll(stored);
    await eventually(async () => (await bed.checkpoint()) === lastPosition(stored), { what: 'the checkpoint reaches the last event' });
    expect(running.failure).toBeUndefined();
  });

  it('relays an event committed while idle when the commit wakes it: the safety re-poll is ten minutes away', async () => {
    const ackedAt = new Map<string, number>();
    // Only the commit's notification can wake this relay within the test's time: it re-polls on its own every 10 minutes.
    const notifiedOnly = new PostgresEventStore({ pool: bed.pool, schema: bed.config.eventStoreSchema, subscriptionRepollMs: 600_000 });
    startRelay(
      {
        publish: async (events) => {
          await kafkaPublisher.publish(events);
          for (const event of events) ackedAt.set(event.eventId, performance.now());
        },
      },
      collectingLogger('debug'),
      notifiedOnly,
    );
    await eventually(async () => (await bed.checkpoint()) === (await bed.store.readAll({ maxCount: 10_000 })).at(-1)?.position, { what: 'the relay caught up' });

    const latencies: number[] = [];
    for (let sample = 0; sample < 10; sample++) {
      const committing = performance.now();
      const [event] = await appendToAccounts(bed.store, 1, 1);
      await eventually(() => ackedAt.has(event?.eventId ?? ''), { what: 'the event is acknowledged' });
      latencies.push((ackedAt.get(event?.eventId ?? '') ?? Number.NaN) - committing);
    }

    expect(latencies).toHaveLength(10);
    latencies.sort((a, b) => a - b);
    // A figure for the reader, not a threshold: these machines are shared.
    process.stdout.write(`relay, idle → commit → Kafka acknowledgement: median ${latencies[5]?.toFixed(1)} ms over 10 commits\n`);
  });
});
