import { KurrentDbEventStore } from '@ledger/event-store/kurrentdb';
import { kurrentDbForTests, type KurrentDbStandIn } from '@ledger/kurrentdb-stand-in';
import { Registry } from 'prom-client';
import { createEventRelay, relayNameOf, type EventRelayRuntime } from '../src/create-event-relay';
import { type EventRelayConfig } from '../src/event-relay.config';
import { eventually } from '@ledger/event-store/testing';
import { appendToAccounts, appliedPerStream, collectingLogger, relayTestBed, type RelayTestBed } from './relay.harness';

/**
 * The relay with EVENT_STORE=kurrentdb, wired as the app wires it: `$all` of KurrentDB (the
 * project's gRPC test stand-in, or the real server KURRENTDB_URL names) to the real Kafka, with
 * leadership and checkpoint in the real PostgreSQL.
 */
describe('the relay following KurrentDB to Kafka', () => {
  let bed: RelayTestBed;
  let server: KurrentDbStandIn;
  let store: KurrentDbEventStore;
  let config: EventRelayConfig;
  let runtime: EventRelayRuntime | undefined;

  beforeAll(async () => {
    bed = await relayTestBed('relay_esdb');
    server = await kurrentDbForTests();
    store = new KurrentDbEventStore({ connectionString: server.url });
    config = { ...bed.config, eventStore: 'kurrentdb', kurrentDbUrl: server.url };
  });

  afterAll(async () => {
    await runtime?.stop();
    await store.close();
    await server.close();
    await bed.dispose();
  });

  it('publishes a backlog and live appends once each, in order, checkpointed under its own name, its head read from $all', async () => {
    const backlog = await appendToAccounts(store, 6, 3);
    runtime = createEventRelay({ pool: bed.pool, kafka: bed.kafka, config, logger: collectingLogger().logger, registry: new Registry() });
    runtime.relay.start();
    const live = await appendToAccounts(store, 2, 2);
    const stored = [...backlog, ...live];
    const last = stored.reduce((max, event) => (event.position > max ? event.position : max), 0n);

    const consumed = await bed.consumedUntilAll(stored);

    const { applied, gaps } = appliedPerStream(consumed);
    expect(gaps).toEqual([]);
    for (const streamId of new Set(stored.map((event) => event.streamId))) {
      expect(applied.get(streamId)).toEqual(stored.filter((event) => event.streamId === streamId).map((event) => event.streamRevision));
    }
    const name = relayNameOf(config);
    expect(name).not.toBe(bed.relayName);
    await eventually(async () => ((await bed.checkpoints.load(name)) ?? 0n) >= last, { what: 'the checkpoint reaches the last event' });
    expect(await bed.checkpoint()).toBeUndefined();
    await eventually(async () => (await runtime?.status.report())?.lag === 0n, { what: 'the relay reports no lag' });
    expect((await runtime.status.report()).head).toBeGreaterThanOrEqual(last);
  });
});
