import { Gauge, type Registry } from 'prom-client';

/** A connection pool's state at one instant. */
export interface PoolUsage {
  /** Connections checked out by a caller (or being opened for one). */
  readonly inUse: number;
  readonly idle: number;
  /** Callers waiting for a connection because every one the pool may open is in use. */
  readonly waiting: number;
  /** The most connections the pool opens. */
  readonly max: number;
}

/** Reads one pool's usage; called at scrape time, so it must be cheap and synchronous. */
export type PoolUsageSource = () => PoolUsage;

/** The pools of one registry (an app), by the `pool` label; a second source of one name replaces the first. */
type PoolSources = Map<string, PoolUsageSource>;

const sourcesByRegistry = new WeakMap<Registry, PoolSources>();

function registerGauges(registry: Registry, sources: PoolSources): void {
  const sample = (): [string, PoolUsage][] => [...sources].map(([pool, usage]) => [pool, usage()]);
  new Gauge({
    name: 'ledger_db_pool_connections',
    help: 'Connections of a database pool, by state: in_use (checked out) or idle',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      for (const [pool, usage] of sample()) {
        this.set({ pool, state: 'in_use' }, usage.inUse);
        this.set({ pool, state: 'idle' }, usage.idle);
      }
    },
  });
  new Gauge({
    name: 'ledger_db_pool_waiting_clients',
    help: 'Callers waiting for a connection of a database pool because all are in use',
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      for (const [pool, usage] of sample()) this.set({ pool }, usage.waiting);
    },
  });
  new Gauge({
    name: 'ledger_db_pool_max_connections',
    help: 'The most connections a database pool opens',
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      for (const [pool, usage] of sample()) this.set({ pool }, usage.max);
    },
  });
}

/**
 * Reports `pool` on `ledger_db_pool_*`, read at scrape time. The gauges are created with the
 * registry's first pool, so an app with two pools (PostgreSQL and MongoDB) shares them.
 * `pool` must come from a fixed set (the connection's name), never from data.
 */
export function registerPoolMetrics(registry: Registry, pool: string, usage: PoolUsageSource): void {
  let sources = sourcesByRegistry.get(registry);
  if (sources === undefined) {
    sources = new Map();
    sourcesByRegistry.set(registry, sources);
    registerGauges(registry, sources);
  }
  sources.set(pool, usage);
}
