import { type EditedMigration } from './migration-plan';

/**
 * Migrations that already ran in `schema` and whose files changed since. Nothing was applied:
 * what ran and what the files say can no longer be told apart, so a rebuilt schema would differ
 * from this one. Restore the files as they ran; a change belongs in a new migration.
 */
export class EditedMigrationsError extends Error {
  override readonly name = 'EditedMigrationsError';

  constructor(
    readonly schema: string,
    readonly edited: readonly EditedMigration[],
  ) {
    const each = edited.map((migration) => `${migration.name} (recorded sha256 ${migration.recordedChecksum}, file sha256 ${migration.fileChecksum})`);
    super(
      `schema "${schema}": migration${edited.length === 1 ? '' : 's'} ${each.join('; ')} changed after ${edited.length === 1 ? 'it' : 'they'} ran. ` +
        'Nothing was applied. Restore the file as it ran; a change belongs in a new migration.',
    );
  }
}

/** Thrown instead of migrating when an app must not migrate (MIGRATE_ON_BOOT=false) and its schema lacks migrations. */
export class PendingMigrationsError extends Error {
  override readonly name = 'PendingMigrationsError';

  constructor(
    readonly schema: string,
    readonly pending: readonly string[],
  ) {
    super(
      `schema "${schema}" lacks ${pending.length === 1 ? 'migration' : 'migrations'} ${pending.join(', ')}: ` +
        'MIGRATE_ON_BOOT is off, so run `ledger migrate` (the deployment\'s migration step) first',
    );
  }
}
