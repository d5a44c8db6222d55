import { type Pool } from 'pg';
import { type ProjectionUnit, type ProjectionUnits } from '../port/projection-units';
import { type ReadModelStore } from '../port/read-model-store';
import { PostgresDeadLetterTable } from './postgres-dead-letter-table';
import { inTransaction } from './in-transaction';
import { projectionLockStatement } from './projection-lock';
import { PostgresReadProgress } from './postgres-read-progress';
import { PostgresUnitOfWork } from './postgres-unit-of-work';
import { ProjectionVersions } from './projection-versions';
import { quoteIdentifier } from '@ledger/event-store/postgres';

export interface PostgresProjectionUnitsOptions {
  readonly pool: Pool;
  /** The read-model schema, which holds `dead_letters` (and the rows of PostgreSQL read models). */
  readonly schema: string;
  readonly projection: string;
  readonly store: ReadModelStore;
}

/** Units of work as PostgreSQL transactions, under the projection's lock (see `lockProjection`). */
export class PostgresProjectionUnits implements ProjectionUnits {
  private readonly schema: string;
  private readonly versions: ProjectionVersions;

  constructor(private readonly options: PostgresProjectionUnitsOptions) {
    this.schema = quoteIdentifier(options.schema);
    this.versions = new ProjectionVersions(options.schema);
  }

  run<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    return this.inTransaction('shared', work);
  }

  runExclusive<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    return this.inTransaction('exclusive', work);
  }

  private inTransaction<T>(lock: 'shared' | 'exclusive', work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    const { pool, schema, projection, store } = this.options;
    const progress = new PostgresReadProgress(this.schema, projection);
    return inTransaction(
      pool,
      (client) =>
        work({
          writer: store.writerFor(new PostgresUnitOfWork(client, this.versions)),
          deadLetters: new PostgresDeadLetterTable(client, this.schema, projection),
          progress,
        }),
      { afterBegin: projectionLockStatement(schema, projection, lock), beforeCommit: () => progress.statement() },
    );
  }
}
