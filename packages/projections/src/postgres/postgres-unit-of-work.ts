import { type SqlTransaction } from '../port/sql-transaction';
import { type UnitOfWork } from '../port/unit-of-work';
import { type ProjectionVersions } from './projection-versions';

/** `UnitOfWork` as one PostgreSQL transaction of the read-model schema: its locks are transaction-scoped advisory locks. */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(
    readonly sql: SqlTransaction,
    /** `projection_versions` of the read-model schema the unit writes. */
    private readonly versions: ProjectionVersions,
  ) {}

  async lockKeys(scope: string, keys: readonly string[]): Promise<void> {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) return;
    await this.sql.query(
      `SELECT pg_advisory_xact_lock(hashtext($2), hashtext(key))
         FROM unnest($1::text[]) WITH ORDINALITY AS keys(key, n) ORDER BY n`,
      [sorted, scope],
    );
  }

  liveCopy(projection: string): Promise<string> {
    return this.versions.liveCopy(this.sql, projection);
  }

  repointLiveCopy(projection: string, copy: string): Promise<string> {
    return this.versions.repoint(this.sql, projection, copy);
  }
}
