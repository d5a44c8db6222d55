import { type Pool, type PoolClient } from 'pg';

/**
 * The right to run a projection's rebuild: a session advisory lock on a dedicated connection,
 * held for the whole rebuild. Another instance asking for it is refused; a process that dies
 * loses it with its connection, so the next one to ask resumes the rebuild.
 */
export class RebuildLease {
  private constructor(
    private readonly client: PoolClient,
    private readonly key: string,
    private readonly lose: AbortController,
  ) {
    client.on('error', this.connectionLost);
    client.on('end', this.connectionLost);
  }

  /** Aborts when the connection, and with it the lock, is gone. */
  get lost(): AbortSignal {
    return this.lose.signal;
  }

  private readonly connectionLost = (): void => this.lose.abort();

  /** The lease, or undefined while another session holds it. */
  static async acquire(pool: Pool, schema: string, projection: string): Promise<RebuildLease | undefined> {
    const client = await pool.connect();
    const key = `${schema}.${projection}`;
    try {
      const { rows } = await client.query<{ acquired: boolean }>(`SELECT pg_try_advisory_lock(hashtext('ledger.rebuilds'), hashtext($1)) AS acquired`, [key]);
      if (rows[0]?.acquired !== true) {
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    return new RebuildLease(client, key, new AbortController());
  }

  async release(): Promise<void> {
    // The connection goes back to the pool: it must not keep telling this lease about its fate.
    this.client.off('error', this.connectionLost);
    this.client.off('end', this.connectionLost);
    if (this.lost.aborted) {
      this.client.release(true);
      return;
    }
    try {
      await this.client.query(`SELECT pg_advisory_unlock(hashtext('ledger.rebuilds'), hashtext($1))`, [this.key]);
      this.client.release();
    } catch (error) {
      this.client.release(error instanceof Error ? error : true);
    }
  }
}
