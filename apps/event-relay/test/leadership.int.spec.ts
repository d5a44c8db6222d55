import { connectTestKafka } from '@ledger/messaging/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createEventRelay, type EventRelayRuntime } from '../src/create-event-relay';
import { relayLockClass } from '../src/infrastructure/relay-locks';
import { relayHealth } from '../src/relay/relay-health';
import { eventually } from '@ledger/event-store/testing';
import { appendInBackground, appendToAccounts, appliedPerStream, collectingLogger, relayTestBed, type BackgroundAppends, type RelayTestBed } from './relay.harness';

/** One relay instance as a process would run it: its own pool, Kafka client, metrics and logs. */
interface RelayInstance {
  readonly runtime: EventRelayRuntime;
  readonly registry: Registry;
  published(): Promise<number>;
  stop(): Promise<void>;
}

function startInstance(bed: RelayTestBed): RelayInstance {
  const pool = new Pool({ connectionString: bed.config.databaseUrl, max: bed.config.databasePoolSize });
  const kafka = connectTestKafka('event-relay');
  const registry = new Registry();
  const runtime = createEventRelay({ pool, kafka, config: bed.config, logger: collectingLogger().logger, registry });
  runtime.relay.start();
  let stopped: Promise<void> | undefined;
  return {
    runtime,
    registry,
    published: async () => (await registry.getSingleMetric('ledger_relay_events_published_total')?.get())?.values[0]?.value ?? 0,
    stop: () => (stopped ??= runtime.stop().then(() => pool.end())),
  };
}

describe('exactly one active relay, the other a hot standby (real PostgreSQL and Kafka)', () => {
  let bed: RelayTestBed;
  let instances: RelayInstance[] = [];
  let appends: BackgroundAppends | undefined;
  beforeAll(async () => {
    bed = await relayTestBed('relay_leader');
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    instances = [];
  });
  afterAll(async () => {
    await appends?.stop().catch(() => undefined);
    await bed.dispose();
  });

  async function startPair(): Promise<{ leader: RelayInstance; standby: RelayInstance }> {
    instances = [startInstance(bed), startInstance(bed)];
    await eventually(() => instances.some((instance) => instance.runtime.relay.role === 'leader'), { what: 'one instance leads' });
    await sleep(300); // long enough for a second leader to show, if the lock let one in
    const leaders = instances.filter((instance) => instance.runtime.relay.role === 'leader');
    const standbys = instances.filter((instance) => instance.runtime.relay.role === 'standby');
    expect([leaders.length, standbys.length]).toEqual([1, 1]);
    return { leader: leaders[0] as RelayInstance, standby: standbys[0] as RelayInstance };
  }

  /** The backend holding the relay's advisory lock: the leader's dedicated session. */
  async function lockHolder(): Promise<number> {
    const result = await bed.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1::oid AND objid = hashtext($2)::oid AND objsubid = 2 AND granted`,
      [relayLockClass, bed.relayName],
    );
    const pid = result.rows[0]?.pid;
    if (pid === undefined) throw new Error('nobody holds the relay lock');
    return pid;
  }

  it('only the leader publishes; the standby waits, healthy, reporting the same checkpoint on /health and /metrics', async () => {
    const { leader, standby } = await startPair();
    const stored = await appendToAccounts(bed.store, 5, 5);

    await bed.consumedUntilAll(stored);
    await eventually(async () => (await leader.published()) === stored.length, { what: 'the leader checkpointed everything' });

    expect(await standby.published()).toBe(0);
    const [leaderHealth, standbyHealth] = await Promise.all([relayHealth(leader.runtime.status), relayHealth(standby.runtime.status)]);
    expect(standbyHealth).toEqual({ ...leaderHealth, role: 'standby' });
    expect(leaderHealth).toMatchObject({ role: 'leader', lag: 0 });
    const { checkpoint } = leaderHealth as { checkpoint: string };
    const [leaderMetrics, standbyMetrics] = await Promise.all([leader.registry.metrics(), standby.registry.metrics()]);
    expect(leaderMetrics).toContain('ledger_relay_leader 1');
    expect(standbyMetrics).toContain('ledger_relay_leader 0');
    for (const metrics of [leaderMetrics, standbyMetrics]) {
      expect(metrics).toContain(`ledger_relay_checkpoint_position ${checkpoint}`);
      expect(metrics).toContain('ledger_relay_lag_positions 0');
    }
    expect(leaderMetrics).toMatch(/ledger_relay_batch_size_count [1-9]/);
  }, 30_000);

  it('when the leader loses its database session, it stops and the standby takes over without losing an event', async () => {
    const { leader, standby } = await startPair();
    appends = appendInBackground(bed.store, 10);
    await eventually(async () => (await leader.published()) > 20, { what: 'the leader publishes' });

    await bed.pool.query('SELECT pg_terminate_backend($1)', [await lockHolder()]);

    await eventually(() => standby.runtime.relay.role === 'leader', { what: 'the standby leads', timeoutMs: 5_000 });
    expect(leader.runtime.relay.role).toBe('standby');
    await sleep(2_500); // past the step-back: the old leader campaigns again, as a standby
    const publishedByOldLeader = await leader.published();
    await eventually(async () => (await standby.published()) > 20, { what: 'the new leader publishes' });
    const stored = await appends.stop();

    const { applied, gaps } = appliedPerStream(await bed.consumedUntilAll(stored));
    expect(gaps).toEqual([]);
    for (const streamId of new Set(stored.map((event) => event.streamId))) {
      expect(applied.get(streamId)).toEqual(stored.filter((event) => event.streamId === streamId).map((event) => event.streamRevision));
    }
    expect(await leader.published()).toBe(publishedByOldLeader);
    expect(leader.runtime.relay.role).toBe('standby');
  }, 30_000);

  it('a leader that stops saves its checkpoint, releases the lock and the standby takes over', async () => {
    const { leader, standby } = await startPair();
    const before = await appendToAccounts(bed.store, 3, 3);
    await bed.consumedUntilAll(before);

    await leader.stop();
    expect(await bed.checkpoint()).toBe(before.reduce((last, event) => (event.position > last ? event.position : last), 0n));
    await eventually(() => standby.runtime.relay.role === 'leader', { what: 'the standby leads', timeoutMs: 5_000 });
    const after = await appendToAccounts(bed.store, 3, 3);
    await bed.consumedUntilAll(after);

    await eventually(async () => (await standby.published()) === after.length, { what: 'the new leader checkpointed what it published' });
  }, 30_000);
});
