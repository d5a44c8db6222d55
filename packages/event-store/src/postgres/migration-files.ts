import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One numbered SQL file of a migration directory, with the checksum it is recorded under once it ran. */
export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file's text, hex: what `schema_migrations.checksum` holds for it. */
  readonly checksum: string;
}

/**
 * The hash of a migration as written, byte for byte: any edit, a comment or whitespace included,
 * changes it. Strict on purpose: telling a harmless edit from a harmful one would need a parser,
 * and a migration that already ran is never the place for either.
 */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** `0001_events.sql`, `0002_…`: numbered files, applied in name order. */
export function readMigrationFiles(directory: string): MigrationFile[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(directory, name), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
}
