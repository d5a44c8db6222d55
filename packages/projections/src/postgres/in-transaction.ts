import { rollBack } from '@ledger/event-store/postgres';
import { type Pool, type PoolClient } from 'pg';

/**
 * Runs `work` in a transaction on one pooled connection: committed if it returns, rolled back if
 * it throws. A connection that cannot even roll back (or that timed out) is dropped, not returned to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await rollBack(client, error);
    throw error;
  } finally {
    client.release(broken);
  }
}
