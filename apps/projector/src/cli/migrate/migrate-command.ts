import { CommandFailed } from '../cli-io';
import { MigrationStepFailed, type SchemaOutcome } from './migrate-schemas';
import { renderMigrationReport } from './migration-report';

/** Runs the migration step (`dryRun`: only reads); the CLI's seam, so its tests need no database. */
export type SchemaMigrator = (dryRun: boolean) => Promise<readonly SchemaOutcome[]>;

/** `ledger migrate [--dry-run]`. A step that stopped still prints what it applied before it stopped. */
export async function migrateCommand(migrator: SchemaMigrator, dryRun: boolean): Promise<string> {
  try {
    return renderMigrationReport(await migrator(dryRun), dryRun);
  } catch (error) {
    if (error instanceof MigrationStepFailed) throw new CommandFailed(error.message, renderMigrationReport(error.done, false));
    throw error;
  }
}
