import { EditedMigrationsError, runSqlMigrations, sqlMigrationStatus } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';
import { type LedgerSchema } from './ledger-schemas';
import { withLockRetries, type LockRetries } from './lock-retries';

/** What the migration step did to one schema (or, in a dry run, would do). */
export interface SchemaOutcome {
  readonly title: string;
  readonly schema: string;
  /** Migrations applied (dry run: pending), in order. */
  readonly migrations: readonly string[];
  /** Migrations that ran before checksums were kept, whose checksums were recorded (dry run: would be). */
  readonly checksums: readonly string[];
}

/** The step stopped at `target`; `done` says what it had already applied to the schemas before it. */
export class MigrationStepFailed extends Error {
  override readonly name = 'MigrationStepFailed';

  constructor(
    readonly done: readonly SchemaOutcome[],
    target: LedgerSchema,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    // An edited migration's message names its schema already.
    super(cause instanceof EditedMigrationsError ? `${target.title}: ${reason}` : `${target.title}, schema "${target.schema}": ${reason}`, { cause });
  }
}

async function each<T>(targets: readonly LedgerSchema[], done: readonly SchemaOutcome[], work: (target: LedgerSchema) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const target of targets) {
    try {
      results.push(await work(target));
    } catch (error) {
      throw new MigrationStepFailed(done, target, error);
    }
  }
  return results;
}

/**
 * The migration step: brings every schema to its latest migration, one schema (one transaction,
 * under that schema's migrator lock) after the other. Every schema is read first, so an edited
 * migration in any of them stops the step before anything is applied anywhere. A dry run stops
 * after that read and reports what is pending.
 */
export async function migrateSchemas(pool: Pool, targets: readonly LedgerSchema[], options: { readonly dryRun: boolean; readonly retries: LockRetries }): Promise<SchemaOutcome[]> {
  const statuses = await each(targets, [], (target) => sqlMigrationStatus(pool, target.schema, target.migrations));
  if (options.dryRun) {
    return targets.map((target, index) => ({ title: target.title, schema: target.schema, migrations: statuses[index]?.pending ?? [], checksums: statuses[index]?.unverified ?? [] }));
  }
  const done: SchemaOutcome[] = [];
  await each(targets, done, async (target) => {
    const run = await withLockRetries(() => runSqlMigrations(pool, target.schema, target.migrations), options.retries);
    done.push({ title: target.title, schema: target.schema, migrations: run.applied, checksums: run.checksumsRecorded });
  });
  return done;
}
