import { escapeLiteral } from 'pg';
import { type SqlTransaction } from '../port/sql-transaction';

/**
 * The projection's transaction-scoped advisory lock: batches hold it shared (any number at once),
 * operators' retries and skips and a rebuild's swap hold it exclusive (they wait for running
 * batches and keep new ones out). The two-key form keeps it apart from the event store's locks.
 */
export async function lockProjection(tx: SqlTransaction, schema: string, projection: string, mode: 'shared' | 'exclusive'): Promise<void> {
  await tx.query(projectionLockStatement(schema, projection, mode));
}

/** The statement that takes the lock, as literal SQL (it rides along with `BEGIN`, see `TransactionEnds`). */
export function projectionLockStatement(schema: string, projection: string, mode: 'shared' | 'exclusive'): string {
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  return `SELECT ${lock}(hashtext('ledger.projections'), hashtext(${escapeLiteral(`${schema}.${projection}`)}))`;
}
