// The baseline: what one durable commit costs on this machine, without the event store. One
// autocommitted INSERT of one JSON row (the deposit event) per operation into a table with no
// key, index or constraint (A3), so nothing but the row and its commit is paid for.
// Two diagnostic variants add, each alone, one of the two things the event store's append
// holds until its commit is flushed, to show what each costs at the same concurrency.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { BenchContext } from './context';
import { depositEvent } from './deposit-event';
import type { Layer, Scenario } from './measure';

type Variant = 'plain' | 'advisory-lock' | 'notify';

export function rawLayer(context: BenchContext): Layer {
  const pool = new Pool({ connectionString: context.databaseUrl, max: context.clients });
  const table = `"${context.schema}".raw_baseline`;
  let created: Promise<void> | undefined;
  const createTable = (): Promise<void> =>
    (created ??= pool
      .query(`CREATE TABLE IF NOT EXISTS ${table} (data jsonb)`)
      .then(() => undefined));
  // CTEs with a volatile function are run once and not inlined, inside the INSERT's transaction.
  const sql: Record<Variant, string> = {
    plain: `INSERT INTO ${table} (data) VALUES ($1)`,
    'advisory-lock': `WITH locked AS (SELECT pg_advisory_xact_lock(hashtext('${context.schema}.raw_baseline')::bigint)) INSERT INTO ${table} (data) SELECT $1 FROM locked`,
    notify: `WITH notified AS (SELECT pg_notify('${context.schema}_raw', '')) INSERT INTO ${table} (data) SELECT $1 FROM notified`,
  };
  const descriptions: Record<Variant, string> = {
    plain: 'plain pg INSERT of one JSON row per transaction into an unconstrained table',
    'advisory-lock': 'diagnostic: raw INSERT + one table-wide pg_advisory_xact_lock (held through commit)',
    notify: 'diagnostic: raw INSERT + pg_notify (PostgreSQL serializes NOTIFYing commits cluster-wide)',
  };

  const scenario = (clients: number, variant: Variant): Scenario => {
    const accounts = Array.from({ length: clients }, () => randomUUID());
    return {
      name: variant === 'plain' ? `raw-${clients}` : `raw-${clients}-${variant}`,
      description: `${descriptions[variant]}, ${clients} client${clients === 1 ? '' : 's'}`,
      layer: 'raw',
      clients,
      setUp: createTable,
      op: async (client) => {
        await pool.query(sql[variant], [JSON.stringify(depositEvent(accounts[client] ?? ''))]);
      },
    };
  };

  const many = context.clients;
  return {
    scenarios: [scenario(1, 'plain'), scenario(many, 'plain'), scenario(many, 'advisory-lock'), scenario(many, 'notify')],
    close: () => pool.end(),
  };
}

/** The baseline every scenario at `clients` concurrency is compared with. */
export const baselineName = (clients: number): string => `raw-${clients}`;
