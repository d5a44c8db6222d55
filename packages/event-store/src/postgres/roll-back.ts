import { type PoolClient, type QueryConfig } from 'pg';

/**
 * A ROLLBACK answers in milliseconds on a session that works. One that does not answer within
 * this time belongs to a server that froze or a network that dropped: waiting the whole query
 * timeout again would hold the caller twice as long for nothing.
 */
export const ROLLBACK_TIMEOUT_MS = 1_000;

/** pg reads a per-statement `query_timeout` from the query config; its types do not declare it. */
const rollbackStatement: QueryConfig & { query_timeout: number } = { text: 'ROLLBACK', query_timeout: ROLLBACK_TIMEOUT_MS };

/** What pg rejects a statement with when `query_timeout` ran out; the statement is still running on the session. */
const CLIENT_SIDE_TIMEOUT = 'Query read timeout';

/**
 * Ends the failed transaction on `client` and says how to release it: `undefined` when the
 * session rolled back and may be pooled again, else the error to pass to `client.release`, which
 * destroys the connection (the server rolls the transaction back when the connection goes).
 * After a client-side timeout the session is still busy with the statement that timed out, so
 * no ROLLBACK is even tried.
 */
export async function rollBack(client: PoolClient, failure: unknown): Promise<Error | undefined> {
  if (failure instanceof Error && failure.message === CLIENT_SIDE_TIMEOUT) return failure;
  try {
    await client.query(rollbackStatement);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
