import { type Pool, type PoolClient } from 'pg';
import { type ProjectionUnit, type ProjectionUnits } from '../port/projection-units';
import { type ReadModelStore } from '../port/read-model-store';
import { PostgresDeadLetterTable } from './postgres-dead-letter-table';
import { quoteIdentifier } from '@ledger/event-store/postgres';

export interface PostgresProjectionUnitsOptions {
  readonly pool: Pool;
  /** The read-model schema, which holds `dead_letters` (and the rows of PostgreSQL read models). */
  readonly schema: string;
  readonly projection: string;
  readonly store: ReadModelStore;
}

/**
 * Units of work as PostgreSQL transactions. Batches hold the projection's advisory lock shared,
 * operators' retries and skips hold it exclusive (see `ProjectionUnits`). The two-key form keeps
 * these locks apart from the event store's single-key ones.
 */
export class PostgresProjectionUnits implements ProjectionUnits {
  private readonly schema: string;

  constructor(private readonly options: PostgresProjectionUnitsOptions) {
    this.schema = quoteIdentifier(options.schema);
  }

  run<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    return this.inTransaction('pg_advisory_xact_lock_shared', work);
  }

  runExclusive<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    return this.inTransaction('pg_advisory_xact_lock', work);
  }

  private async inTransaction<T>(lock: string, work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query(`SELECT ${lock}(hashtext('ledger.projections'), hashtext($1))`, [`${this.options.schema}.${this.options.projection}`]);
      const result = await work(this.unitOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        // A connection that cannot even roll back is dropped, not returned to the pool.
        (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private unitOn(client: PoolClient): ProjectionUnit {
    return {
      writer: this.options.store.writerFor(client),
      deadLetters: new PostgresDeadLetterTable(client, this.schema, this.options.projection),
    };
  }
}
