import { eventually } from '@ledger/event-store/testing';
import { connectTestKafka } from '@ledger/messaging/testing';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createEventRelay, type EventRelayRuntime } from '../src/create-event-relay';
import { appendToAccounts, collectingLogger, relayTestBed, type RelayTestBed } from './relay.harness';

describe('ledger_relay_lag_seconds: the age of the oldest event not yet on Kafka (real PostgreSQL and Kafka)', () => {
  let bed: RelayTestBed;
  let pool: Pool;
  let runtime: EventRelayRuntime;
  const registry = new Registry();
  const lagSeconds = async (): Promise<number> => (await registry.getSingleMetric('ledger_relay_lag_seconds')?.get())?.values[0]?.value ?? Number.NaN;
  beforeAll(async () => {
    bed = await relayTestBed('relay_lag_seconds');
    pool = new Pool({ connectionString: bed.config.databaseUrl, max: bed.config.databasePoolSize });
    runtime = createEventRelay({ pool, kafka: connectTestKafka('event-relay'), config: bed.config, logger: collectingLogger().logger, registry });
  });
  afterAll(async () => {
    await runtime.stop();
    await pool.end();
    await bed.dispose();
  });

  it('is 0 with nothing to publish, grows while an event waits unpublished, and returns to 0 once the relay published it', async () => {
    expect(await lagSeconds()).toBe(0);

    const waiting = await appendToAccounts(bed.store, 1, 1);
    // The relay is not started yet: the event stays unpublished, and its age can only grow.
    const first = await eventually(lagSeconds, (seconds) => seconds > 0, { what: 'the lag shows the unpublished event' });
    await eventually(lagSeconds, (seconds) => seconds > first, { what: 'the lag grows while the event waits' });

    runtime.relay.start();
    await bed.consumedUntilAll(waiting);

    await eventually(lagSeconds, (seconds) => seconds === 0, { what: 'the lag returns to 0 once published' });
  });
});
