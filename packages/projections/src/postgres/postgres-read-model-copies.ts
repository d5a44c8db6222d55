import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';
import { copyNameOf, type ReadModelCopies } from '../port/read-model-copies';
import { type ReadModelStore } from '../port/read-model-store';
import { type UnitOfWork } from '../port/unit-of-work';
import { type PostgresProjection } from './postgres-projection';
import { inTransaction } from './in-transaction';
import { PostgresReadModelStore } from './postgres-read-model-store';

export interface PostgresReadModelCopiesOptions {
  readonly pool: Pool;
  readonly schema: string;
  /** The projection's name: the live copy's guard key (a copy's is `<name>@<copy>`). */
  readonly projection: string;
  /** The read model's tables under their own names, as the migrations create them. */
  readonly tables: readonly string[];
  /** The projection writing the copy whose table names `tableOf` gives. */
  readonly projectionOn: (tableOf: (table: string) => string) => PostgresProjection;
}

/**
 * Copies of a PostgreSQL read model: tables `<table>__<copy>` created `LIKE` the live ones
 * (columns, constraints, indexes), each with its own guard rows. A copy is promoted by renaming
 * in one transaction: the live tables keep their names, so the query API and any SQL reader
 * need not know a rebuild happened. Migrations that change these tables later must name
 * tables, never their indexes (a promoted copy's indexes carry its own names).
 */
export class PostgresReadModelCopies implements ReadModelCopies {
  private readonly schema: string;

  constructor(private readonly options: PostgresReadModelCopiesOptions) {
    this.schema = quoteIdentifier(options.schema);
  }

  async create(copy: string): Promise<void> {
    this.assertShadow(copy);
    const statements = this.options.tables.flatMap((table) => [
      `DROP TABLE IF EXISTS ${this.qualified(table, copy)}`,
      `CREATE TABLE ${this.qualified(table, copy)} (LIKE ${this.qualified(table, '')} INCLUDING ALL)`,
    ]);
    await inTransaction(this.options.pool, async (tx) => {
      for (const statement of statements) await tx.query(statement);
      await tx.query(`DELETE FROM ${this.schema}.projection_stream_revisions WHERE projection = $1`, [this.guardOf(copy)]);
    });
  }

  store(copy: string): ReadModelStore {
    return new PostgresReadModelStore({
      schema: this.options.schema,
      guard: this.guardOf(copy),
      projection: this.options.projectionOn((table) => copyNameOf(table, copy)),
    });
  }

  /** A table filled in bulk has no statistics yet: its first queries would be planned blind. */
  async ready(copy: string): Promise<void> {
    this.assertShadow(copy);
    for (const table of this.options.tables) await this.options.pool.query(`ANALYZE ${this.qualified(table, copy)}`);
  }

  async promote(copy: string, unit: UnitOfWork): Promise<string> {
    this.assertShadow(copy);
    const tx = unit.sql;
    const retired = `old_${copy}`;
    const { projection } = this.options;
    await tx.query(`DELETE FROM ${this.schema}.projection_stream_revisions WHERE projection = $1`, [projection]);
    await tx.query(`UPDATE ${this.schema}.projection_stream_revisions SET projection = $1 WHERE projection = $2`, [projection, this.guardOf(copy)]);
    // Last, so the tables are locked against readers for the shortest time before the commit.
    for (const table of this.options.tables) {
      await tx.query(`ALTER TABLE ${this.qualified(table, '')} RENAME TO ${quoteIdentifier(copyNameOf(table, retired))}`);
      await tx.query(`ALTER TABLE ${this.qualified(table, copy)} RENAME TO ${quoteIdentifier(table)}`);
    }
    return retired;
  }

  async drop(copy: string): Promise<void> {
    this.assertShadow(copy);
    await inTransaction(this.options.pool, async (tx) => {
      for (const table of this.options.tables) await tx.query(`DROP TABLE IF EXISTS ${this.qualified(table, copy)}`);
      await tx.query(`DELETE FROM ${this.schema}.projection_stream_revisions WHERE projection = $1`, [this.guardOf(copy)]);
    });
  }

  private guardOf(copy: string): string {
    return copy === '' ? this.options.projection : `${this.options.projection}@${copy}`;
  }

  private qualified(table: string, copy: string): string {
    return `${this.schema}.${quoteIdentifier(copyNameOf(table, copy))}`;
  }

  /** The live tables are never created, promoted or dropped as a copy. */
  private assertShadow(copy: string): void {
    if (copy === '') throw new Error(`the live ${this.options.projection} tables are not a copy`);
  }
}
