import { Pool, type PoolClient } from 'pg';
import { Registry } from 'prom-client';
import { pgPoolUsage } from '../connections/pg-pool-usage';
import { registerPoolMetrics } from './db-pool-metrics';

const databaseUrl = (): string => process.env['DATABASE_URL'] ?? 'postgres://ledger:ledger@127.0.0.1:55432/ledger';

/** The value a scrape shows for one series (prom-client runs the gauges' `collect` on `get`). */
async function scraped(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))?.value;
}

describe('ledger_db_pool_* on a real pg Pool (real PostgreSQL)', () => {
  const pool = new Pool({ connectionString: databaseUrl(), max: 2 });
  const registry = new Registry();
  registerPoolMetrics(registry, 'postgres', () => pgPoolUsage(pool));
  const usage = async () => ({
    inUse: await scraped(registry, 'ledger_db_pool_connections', { pool: 'postgres', state: 'in_use' }),
    idle: await scraped(registry, 'ledger_db_pool_connections', { pool: 'postgres', state: 'idle' }),
    waiting: await scraped(registry, 'ledger_db_pool_waiting_clients', { pool: 'postgres' }),
    max: await scraped(registry, 'ledger_db_pool_max_connections', { pool: 'postgres' }),
  });
  const held: PoolClient[] = [];
  afterAll(async () => {
    for (const client of held.splice(0)) client.release();
    await pool.end();
  });

  it('shows connections in use while checked out, callers waiting once the pool is exhausted, and idle ones after', async () => {
    expect(await usage()).toEqual({ inUse: 0, idle: 0, waiting: 0, max: 2 });

    held.push(await pool.connect());
    expect(await usage()).toEqual({ inUse: 1, idle: 0, waiting: 0, max: 2 });

    held.push(await pool.connect());
    const third = pool.connect();
    expect(await usage()).toEqual({ inUse: 2, idle: 0, waiting: 1, max: 2 });

    held.shift()?.release();
    held.push(await third);
    expect(await usage()).toEqual({ inUse: 2, idle: 0, waiting: 0, max: 2 });

    for (const client of held.splice(0)) client.release();
    expect(await usage()).toEqual({ inUse: 0, idle: 2, waiting: 0, max: 2 });
  });

  it('keeps one series per pool when a second pool joins the registry', async () => {
    registerPoolMetrics(registry, 'mongodb', () => ({ inUse: 3, idle: 1, waiting: 0, max: 100 }));

    expect(await scraped(registry, 'ledger_db_pool_max_connections', { pool: 'mongodb' })).toBe(100);
    expect(await scraped(registry, 'ledger_db_pool_max_connections', { pool: 'postgres' })).toBe(2);
  });
});
