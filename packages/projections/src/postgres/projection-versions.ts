import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type SqlTransaction } from '../port/sql-transaction';

/** What `projection_versions` holds for a projection: the version its live read model was built by, and the live copy. */
export interface RecordedVersion {
  readonly version: number;
  readonly liveCopy: string;
}

/**
 * `projection_versions`: which version built each live read model, and which copy is live for
 * read models swapped by pointer. The live writers ask `liveCopy` in every batch's transaction,
 * so a swap committed here reaches all of them at once; the query API asks at most a second late
 * and keeps reading the retired copy meanwhile, which stays until its grace period is over.
 * Every swap also moves the read model's `generation`, which the query cache tags views with.
 */
export class ProjectionVersions {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdentifier(schema)}.projection_versions`;
  }

  async recorded(db: SqlTransaction, projection: string): Promise<RecordedVersion | undefined> {
    const { rows } = await db.query<{ version: number; live_copy: string }>(`SELECT version, live_copy FROM ${this.table} WHERE projection = $1`, [projection]);
    const row = rows[0];
    return row === undefined ? undefined : { version: row.version, liveCopy: row.live_copy };
  }

  /** Records `version` for a projection that has no record yet (its first start); leaves a record alone. */
  async adopt(db: SqlTransaction, projection: string, version: number): Promise<void> {
    await db.query(`INSERT INTO ${this.table} (projection, version) VALUES ($1, $2) ON CONFLICT (projection) DO NOTHING`, [projection, version]);
  }

  /** The live copy's suffix ('' = the read model's own name, also when nothing is recorded yet). */
  async liveCopy(db: SqlTransaction, projection: string): Promise<string> {
    return (await this.recorded(db, projection))?.liveCopy ?? '';
  }

  /** Points readers at `copy`; returns the copy that was live. The row must exist (`adopt`). */
  async repoint(tx: SqlTransaction, projection: string, copy: string): Promise<string> {
    const { rows } = await tx.query<{ previous: string }>(
      `UPDATE ${this.table} v SET live_copy = $2, updated_at = now()
         FROM (SELECT live_copy FROM ${this.table} WHERE projection = $1 FOR UPDATE) previous
        WHERE v.projection = $1
       RETURNING previous.live_copy AS previous`,
      [projection, copy],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`projection_versions has no row for ${projection}: adopt it first`);
    return row.previous;
  }

  /**
   * Records that the live read model is now built by `version` (a rebuild's swap), and moves its
   * generation on: even at the same version and revisions it may answer differently (a rebuild
   * after a fix), which caches of its views learn from `generation`.
   */
  async built(tx: SqlTransaction, projection: string, version: number): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET version = $2, generation = generation + 1, updated_at = now() WHERE projection = $1`, [projection, version]);
  }

  /** How many swaps replaced the live read model (0 before the first, also when nothing is recorded yet). */
  async generation(db: SqlTransaction, projection: string): Promise<bigint> {
    const { rows } = await db.query<{ generation: string }>(`SELECT generation::text FROM ${this.table} WHERE projection = $1`, [projection]);
    return BigInt(rows[0]?.generation ?? '0');
  }

  /** Every recorded projection's generation at once (a status page asks for all). */
  async generations(db: SqlTransaction): Promise<Map<string, number>> {
    const { rows } = await db.query<{ projection: string; generation: string }>(`SELECT projection, generation::text FROM ${this.table}`);
    return new Map(rows.map((row) => [row.projection, Number(row.generation)]));
  }
}
