import { prepareSqlSchema, quoteIdentifier, relayCheckpointMigrations } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';
import { type CheckpointStore } from '../relay/checkpoint-store';

export interface PostgresCheckpointStoreOptions {
  readonly pool: Pool;
  /** The relay's own schema (config: RELAY_CHECKPOINT_SCHEMA), validated as a lower-case SQL name. */
  readonly schema: string;
  /** MIGRATE_ON_BOOT: `prepare` migrates the schema, or (false) only checks that `ledger migrate` did. Default true. */
  readonly migrateOnBoot?: boolean;
}

const undefinedTable = '42P01';

/** The CheckpointStore port on PostgreSQL: one row per relay name in `<schema>.checkpoints`. */
export class PostgresCheckpointStore implements CheckpointStore {
  private readonly pool: Pool;
  private readonly table: string;
  private readonly schema: string;
  private readonly migrateOnBoot: boolean;

  constructor({ pool, schema, migrateOnBoot = true }: PostgresCheckpointStoreOptions) {
    this.pool = pool;
    this.schema = schema;
    this.table = `${quoteIdentifier(schema)}.checkpoints`;
    this.migrateOnBoot = migrateOnBoot;
  }

  /**
   * Migrates the schema (`relayCheckpointMigrations`, under the migrator's lock, so instances
   * that start together do it once), or checks that the migration step did: a relay about to
   * lead fails its pass until then, and says why on /health.
   */
  async prepare(): Promise<void> {
    await prepareSqlSchema(this.pool, this.schema, relayCheckpointMigrations, this.migrateOnBoot);
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
