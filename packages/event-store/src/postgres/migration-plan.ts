import { type MigrationFile } from './migration-files';

/** A row of `schema_migrations`: `checksum` is null for a migration that ran before checksums were recorded. */
export interface RecordedMigration {
  readonly name: string;
  readonly checksum: string | null;
}

/** A migration that ran as one text and reads as another today. */
export interface EditedMigration {
  readonly name: string;
  readonly recordedChecksum: string;
  readonly fileChecksum: string;
}

/** What a schema needs, compared with the files of its migration directory. */
export interface MigrationPlan {
  /** Files never applied to the schema, in the order they are to run. */
  readonly pending: readonly MigrationFile[];
  /** Applied before checksums were recorded: the file's checksum is recorded on first sight (see `planMigrations`). */
  readonly unverified: readonly MigrationFile[];
  /** Applied, and the file changed since: the schema is refused until the file is restored. */
  readonly edited: readonly EditedMigration[];
}

/**
 * Compares the files with what the schema recorded. A migration that ran before checksums were
 * kept has nothing to compare with, so it is trusted once: the file's checksum as it reads now is
 * recorded and held against every later run. (Whoever edited such a file before this first run is
 * not caught; from then on every edit is.) A recorded migration without a file is ignored: a newer
 * release ran it, and an instance of the older one may still be running during an upgrade.
 */
export function planMigrations(files: readonly MigrationFile[], recorded: readonly RecordedMigration[]): MigrationPlan {
  const checksums = new Map(recorded.map((row) => [row.name, row.checksum]));
  const pending: MigrationFile[] = [];
  const unverified: MigrationFile[] = [];
  const edited: EditedMigration[] = [];
  for (const file of files) {
    if (!checksums.has(file.name)) pending.push(file);
    else {
      const recordedChecksum = checksums.get(file.name) ?? null;
      if (recordedChecksum === null) unverified.push(file);
      else if (recordedChecksum !== file.checksum) edited.push({ name: file.name, recordedChecksum, fileChecksum: file.checksum });
    }
  }
  return { pending, unverified, edited };
}
