import { quoteIdentifier, rollBack } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';
import { type CheckpointStore } from '../relay/checkpoint-store';
import { relayLockClass } from './relay-locks';

export interface PostgresCheckpointStoreOptions {
  readonly pool: Pool;
  /** The relay's own schema (config: RELAY_CHECKPOINT_SCHEMA), validated as a lower-case SQL name. */
  readonly schema: string;
}

const undefinedTable = '42P01';

/** The CheckpointStore port on PostgreSQL: one row per relay name in `<schema>.checkpoints`. */
export class PostgresCheckpointStore implements CheckpointStore {
  private readonly pool: Pool;
  private readonly table: string;
  private readonly schema: string;

  constructor({ pool, schema }: PostgresCheckpointStoreOptions) {
    this.pool = pool;
    this.schema = quoteIdentifier(schema);
    this.table = `${this.schema}.checkpoints`;
  }

  /**
   * Creates the schema and table when missing. One table that never changed needs no
   * migrator; the transaction-scoped lock lets instances that start together do it once.
   */
  async prepare(): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [relayLockClass, this.table]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           name text PRIMARY KEY,
           position bigint NOT NULL,
           updated_at timestamptz NOT NULL DEFAULT now())`,
      );
      await client.query('COMMIT');
    } catch (error) {
      broken = await rollBack(client, error);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** A relay that never led has no table yet (the leader creates it): no checkpoint either. */
  async load(name: string): Promise<bigint | undefined> {
    try {
      const result = await this.pool.query<{ position: string }>(`SELECT position::text AS position FROM ${this.table} WHERE name = $1`, [name]);
      const row = result.rows[0];
      return row === undefined ? undefined : BigInt(row.position);
    } catch (error) {
      if ((error as { code?: unknown }).code === undefinedTable) return undefined;
      throw error;
    }
  }

  async save(name: string, position: bigint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} AS saved (name, position) VALUES ($1, $2::bigint)
       ON CONFLICT (name) DO UPDATE SET position = greatest(saved.position, excluded.position), updated_at = now()`,
      [name, position.toString()],
    );
  }
}
