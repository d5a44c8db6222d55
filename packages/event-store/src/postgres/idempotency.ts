import { type Pool, type PoolClient } from 'pg';
import { type JsonValue } from '../port/event-store';
import {
  type CommandIdempotency,
  type CommandStore,
  type IdempotencyClaim,
  type IdempotentOutcome,
} from '../port/command-idempotency';
import { jsonbText } from './jsonb-text';
import { rollBack } from './roll-back';
import { quoteIdentifier } from './sql-identifier';
import { TransactionCommandStore } from './transaction-store';

export interface PostgresCommandIdempotencyOptions {
  readonly pool: Pool;
  /** The event store's schema: keys live next to the events they guard. */
  readonly schema?: string;
  /** How long a key is kept (API.md: at least 24 h). */
  readonly timeToLiveMs: number;
}

interface KeyRow {
  fingerprint: string;
  result: JsonValue;
}

/**
 * Idempotency keys in the event store's PostgreSQL database, claimed in the transaction that
 * appends the command's events. The claim is an INSERT on the key's primary key, so a second
 * request with the same key blocks on the first one's uncommitted row until it commits (and
 * then replays) or rolls back (and then runs itself): no polling, no lock table.
 */
export class PostgresCommandIdempotency implements CommandIdempotency {
  private readonly table: string;

  constructor(private readonly options: PostgresCommandIdempotencyOptions) {
    this.table = `${quoteIdentifier(options.schema ?? 'public')}.idempotency_keys`;
  }

  async execute<Result extends JsonValue>(
    claim: IdempotencyClaim,
    work: (store: CommandStore) => Promise<Result>,
  ): Promise<IdempotentOutcome<Result>> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const outcome = await this.claimAndRun(client, claim, work);
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      broken = await rollBack(client, error);
      throw error;
    } finally {
      // A connection that could not roll back is in an unknown state: destroyed, never reused.
      client.release(broken);
    }
  }

  private async claimAndRun<Result extends JsonValue>(
    client: PoolClient,
    claim: IdempotencyClaim,
    work: (store: CommandStore) => Promise<Result>,
  ): Promise<IdempotentOutcome<Result>> {
    if (!(await this.claim(client, claim))) return this.recorded<Result>(client, claim);
    const result = await work(new TransactionCommandStore(client, this.schema));
    const resultJson = jsonbText(result, () => `Idempotency key ${claim.key}`, () => ({ result }));
    await client.query(`UPDATE ${this.table} SET result = $2::jsonb WHERE key = $1`, [claim.key, resultJson]);
    return { kind: 'executed', result };
  }

  /**
   * Inserts the key, or takes over an expired one. The row starts with a null result, which
   * no other transaction ever sees: the result is written before this transaction commits.
   */
  private async claim(client: PoolClient, claim: IdempotencyClaim): Promise<boolean> {
    const claimed = await client.query(
      `INSERT INTO ${this.table} AS k (key, fingerprint, result, expires_at)
       VALUES ($1, $2, 'null'::jsonb, now() + make_interval(secs => $3::double precision / 1000))
       ON CONFLICT (key) DO UPDATE
         SET fingerprint = excluded.fingerprint, result = excluded.result,
             created_at = now(), expires_at = excluded.expires_at
       WHERE k.expires_at <= now()
       RETURNING key`,
      [claim.key, claim.fingerprint, this.options.timeToLiveMs],
    );
    return claimed.rowCount === 1;
  }

  private async recorded<Result extends JsonValue>(client: PoolClient, claim: IdempotencyClaim): Promise<IdempotentOutcome<Result>> {
    const found = await client.query<KeyRow>(`SELECT fingerprint, result FROM ${this.table} WHERE key = $1`, [claim.key]);
    const row = found.rows[0];
    if (row === undefined) throw new Error(`idempotency key ${claim.key} vanished while claimed`);
    if (row.fingerprint !== claim.fingerprint) return { kind: 'key-reused' };
    return { kind: 'replayed', result: row.result as Result };
  }

  async deleteExpired(limit: number): Promise<number> {
    const deleted = await this.options.pool.query(
      `DELETE FROM ${this.table} WHERE key IN (
         SELECT key FROM ${this.table} WHERE expires_at <= now() ORDER BY expires_at LIMIT $1
         FOR UPDATE SKIP LOCKED)`,
      [limit],
    );
    return deleted.rowCount ?? 0;
  }

  private get schema(): string {
    return this.options.schema ?? 'public';
  }
}
