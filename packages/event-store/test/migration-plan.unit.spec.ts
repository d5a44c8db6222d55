import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditedMigrationsError, PendingMigrationsError, checksumOf } from '../src/postgres';
import { readMigrationFiles } from '../src/postgres/migration-files';
import { planMigrations } from '../src/postgres/migration-plan';

const file = (name: string, sql: string) => ({ name, sql, checksum: checksumOf(sql) });
const names = (files: readonly { name: string }[]) => files.map((each) => each.name);

describe('checksumOf', () => {
  it('is the sha256 of the text, in hex', () => {
    // `printf 'SELECT 1;' | sha256sum`
    expect(checksumOf('SELECT 1;')).toBe('17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a');
  });

  it('changes with any edit, whitespace and comments included', () => {
    const original = checksumOf('CREATE TABLE t (id int);\n');
    expect(checksumOf('CREATE TABLE t (id int);\n')).toBe(original);
    expect(checksumOf('CREATE TABLE t (id int); \n')).not.toBe(original);
    expect(checksumOf('-- why\nCREATE TABLE t (id int);\n')).not.toBe(original);
  });
});

describe('readMigrationFiles', () => {
  it('reads the numbered .sql files in name order, each with its checksum, and nothing else', () => {
    const directory = mkdtempSync(join(tmpdir(), 'migration-files-'));
    try {
      writeFileSync(join(directory, '0002_b.sql'), 'SELECT 2;');
      writeFileSync(join(directory, '0001_a.sql'), 'SELECT 1;');
      writeFileSync(join(directory, 'README.md'), 'not a migration');
      writeFileSync(join(directory, '3_c.sql'), 'not numbered as migrations are');
      expect(readMigrationFiles(directory)).toEqual([file('0001_a.sql', 'SELECT 1;'), file('0002_b.sql', 'SELECT 2;')]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('planMigrations', () => {
  const files = [file('0001_a.sql', 'SELECT 1;'), file('0002_b.sql', 'SELECT 2;'), file('0003_c.sql', 'SELECT 3;')];

  it('a fresh schema: every file is pending, in order', () => {
    expect(planMigrations(files, [])).toEqual({ pending: files, unverified: [], edited: [] });
  });

  it('a schema at the latest migration with matching checksums: nothing to do', () => {
    expect(planMigrations(files, files.map(({ name, checksum }) => ({ name, checksum })))).toEqual({ pending: [], unverified: [], edited: [] });
  });

  it('the files the schema has not recorded are pending, in order', () => {
    const plan = planMigrations(files, [{ name: '0001_a.sql', checksum: files[0]?.checksum ?? '' }]);
    expect(names(plan.pending)).toEqual(['0002_b.sql', '0003_c.sql']);
  });

  it('rows from before checksums were kept (null) are unverified: their files are trusted as they read now', () => {
    const plan = planMigrations(files, [
      { name: '0001_a.sql', checksum: null },
      { name: '0002_b.sql', checksum: null },
    ]);
    expect(names(plan.unverified)).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(names(plan.pending)).toEqual(['0003_c.sql']);
    expect(plan.edited).toEqual([]);
  });

  it('a recorded checksum that differs from the file is an edit, with both checksums', () => {
    const plan = planMigrations(files, [
      { name: '0001_a.sql', checksum: files[0]?.checksum ?? '' },
      { name: '0002_b.sql', checksum: checksumOf('SELECT 22;') },
    ]);
    expect(plan.edited).toEqual([{ name: '0002_b.sql', recordedChecksum: checksumOf('SELECT 22;'), fileChecksum: checksumOf('SELECT 2;') }]);
    expect(names(plan.pending)).toEqual(['0003_c.sql']);
  });

  it('ignores recorded migrations it has no file for (a newer release ran them)', () => {
    const plan = planMigrations(files.slice(0, 1), [...files.map(({ name, checksum }) => ({ name, checksum })), { name: '0004_d.sql', checksum: null }]);
    expect(plan).toEqual({ pending: [], unverified: [], edited: [] });
  });
});

describe('the migrator errors', () => {
  it('an edited migration names the schema, the migration and both checksums, and says nothing was applied', () => {
    const error = new EditedMigrationsError('event_store', [{ name: '0002_notify.sql', recordedChecksum: 'a'.repeat(64), fileChecksum: 'b'.repeat(64) }]);
    expect(error.message).toBe(
      `schema "event_store": migration 0002_notify.sql (recorded sha256 ${'a'.repeat(64)}, file sha256 ${'b'.repeat(64)}) changed after it ran. ` +
        'Nothing was applied. Restore the file as it ran; a change belongs in a new migration.',
    );
  });

  it('several edited migrations are all named', () => {
    const error = new EditedMigrationsError('read_models', [
      { name: '0001_a.sql', recordedChecksum: '1', fileChecksum: '2' },
      { name: '0003_c.sql', recordedChecksum: '3', fileChecksum: '4' },
    ]);
    expect(error.message).toContain('migrations 0001_a.sql (recorded sha256 1, file sha256 2); 0003_c.sql (recorded sha256 3, file sha256 4) changed after they ran.');
  });

  it('pending migrations name the schema, each migration and the step to run', () => {
    expect(new PendingMigrationsError('read_models', ['0009_projection_generations.sql']).message).toBe(
      'schema "read_models" lacks migration 0009_projection_generations.sql: MIGRATE_ON_BOOT is off, so run `ledger migrate` (the deployment\'s migration step) first',
    );
  });
});
