import { EventStoreDbEventStore } from '@ledger/event-store/eventstoredb';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from '@ledger/event-store/testing';
import { Registry } from 'prom-client';
import { createEventRelay, relayNameOf, type EventRelayRuntime } from '../src/create-event-relay';
import { type EventRelayConfig } from '../src/event-relay.config';
import { eventually } from '@ledger/event-store/testing';
import { appendToAccounts, appliedPerStream, collectingLogger, relayTestBed, type RelayTestBed } from './relay.harness';

/**
 * The relay with EVENT_STORE=eventstoredb, wired as the app wires it: `$all` of EventStoreDB (the
 * project's gRPC test stand-in, or the real server EVENTSTORE_URL names) to the real Kafka, with
 * leadership and checkpoint in the real PostgreSQL.
 */
describe('the relay following EventStoreDB to Kafka', () => {
  let bed: RelayTestBed;
  let standIn: EventStoreDbStandIn | undefined;
  let store: EventStoreDbEventStore;
  let config: EventRelayConfig;
  let runtime: EventRelayRuntime | undefined;

  beforeAll(async () => {
    bed = await relayTestBed('relay_esdb');
    const real = process.env['EVENTSTORE_URL'];
    standIn = real === undefined ? await startEventStoreDbStandIn() : undefined;
    const url = real ?? standIn?.url ?? '';
    store = new EventStoreDbEventStore({ connectionString: url });
    config = { ...bed.config, eventStore: 'eventstoredb', eventStoreUrl: url };
  });

  afterAll(async () => {
    await runtime?.stop();
    await store.close();
    await standIn?.close();
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
