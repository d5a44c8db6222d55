import { type SqlTransaction } from '../port/sql-transaction';

/**
 * The projection's transaction-scoped advisory lock: batches hold it shared (any number at once),
 * operators' retries and skips and a rebuild's swap hold it exclusive (they wait for running
 * batches and keep new ones out). The two-key form keeps it apart from the event store's locks.
 */
export async function lockProjection(tx: SqlTransaction, schema: string, projection: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.query(`SELECT ${lock}(hashtext('ledger.projections'), hashtext($1))`, [`${schema}.${projection}`]);
}
