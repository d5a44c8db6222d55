import { rollBack } from '@ledger/event-store/postgres';
import { type Pool, type PoolClient } from 'pg';

/**
 * Statements that ride along with `BEGIN` and `COMMIT` in the same round trip (simple query
 * protocol, so literal SQL only): a batch of one event is a handful of round trips, and each
 * one saved is latency every read model's reader waits for.
 */
export interface TransactionEnds {
  /** Runs right after `BEGIN`, in its round trip. */
  readonly afterBegin?: string;
  /** Asked once `work` returned; runs right before `COMMIT`, in its round trip (if it fails, nothing commits). */
  readonly beforeCommit?: () => string | undefined;
}

/**
 * Runs `work` in a transaction on one pooled connection: committed if it returns, rolled back if
 * it throws. A connection that cannot even roll back (or that timed out) is dropped, not returned to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, ends: TransactionEnds = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(ends.afterBegin === undefined ? 'BEGIN' : `BEGIN; ${ends.afterBegin}`);
    const result = await work(client);
    const last = ends.beforeCommit?.();
    await client.query(last === undefined ? 'COMMIT' : `${last}; COMMIT`);
    return result;
  } catch (error) {
    broken = await rollBack(client, error);
    throw error;
  } finally {
    client.release(broken);
  }
}
