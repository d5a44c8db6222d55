import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  applySqlMigrations,
  checksumOf,
  EditedMigrationsError,
  PendingMigrationsError,
  prepareSqlSchema,
  runSqlMigrations,
  sqlMigrationStatus,
} from '../src/postgres';

const first = 'CREATE TABLE first (id int PRIMARY KEY);\n';
const second = 'CREATE TABLE second (id int PRIMARY KEY);\n';
const third = 'CREATE TABLE third (id int PRIMARY KEY);\n';

/** The migrator against the real PostgreSQL, with migration directories of the test's own, in schemas of its own. */
describe('migration checksums', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 6 });
  const schemas: string[] = [];
  const directories: string[] = [];

  const freshSchema = (): string => {
    const schema = `checksums_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    schemas.push(schema);
    return schema;
  };
  const directoryWith = (files: Record<string, string>): string => {
    const directory = mkdtempSync(join(tmpdir(), 'migrations-'));
    directories.push(directory);
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(directory, name), sql);
    return directory;
  };
  const recorded = async (schema: string) =>
    (await pool.query<{ name: string; checksum: string | null }>(`SELECT name, checksum FROM "${schema}".schema_migrations ORDER BY name`)).rows;
  const tables = async (schema: string) =>
    (await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema])).rows.map((row) => row.table_name);

  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it('records each applied migration with the sha256 of its SQL; a second run is a no-op', async () => {
    const schema = freshSchema();
    const directory = directoryWith({ '0001_first.sql': first, '0002_second.sql': second });

    expect(await runSqlMigrations(pool, schema, directory)).toEqual({ schema, applied: ['0001_first.sql', '0002_second.sql'], checksumsRecorded: [] });
    expect(await recorded(schema)).toEqual([
      { name: '0001_first.sql', checksum: checksumOf(first) },
      { name: '0002_second.sql', checksum: checksumOf(second) },
    ]);
    expect(await runSqlMigrations(pool, schema, directory)).toEqual({ schema, applied: [], checksumsRecorded: [] });
    expect(await sqlMigrationStatus(pool, schema, directory)).toEqual({ schema, pending: [], unverified: [] });
  });

  it('a table from before checksums: the column is added, and the rows get the files\' checksums on first sight', async () => {
    const schema = freshSchema();
    // What every earlier release left behind.
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(`CREATE TABLE "${schema}".schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`CREATE TABLE "${schema}".first (id int PRIMARY KEY)`);
    await pool.query(`INSERT INTO "${schema}".schema_migrations (name) VALUES ('0001_first.sql')`);
    const directory = directoryWith({ '0001_first.sql': first, '0002_second.sql': second });

    expect(await sqlMigrationStatus(pool, schema, directory)).toEqual({ schema, pending: ['0002_second.sql'], unverified: ['0001_first.sql'] });
    expect(await runSqlMigrations(pool, schema, directory)).toEqual({ schema, applied: ['0002_second.sql'], checksumsRecorded: ['0001_first.sql'] });
    expect(await recorded(schema)).toEqual([
      { name: '0001_first.sql', checksum: checksumOf(first) },
      { name: '0002_second.sql', checksum: checksumOf(second) },
    ]);
  });

  it('refuses a migration edited after it ran, naming the schema, the migration and both checksums, and applies nothing', async () => {
    const schema = freshSchema();
    await applySqlMigrations(pool, schema, directoryWith({ '0001_first.sql': first }));
    const editedFirst = `${first}-- tidied up\n`;
    const directory = directoryWith({ '0001_first.sql': editedFirst, '0002_second.sql': second });

    const refusal = runSqlMigrations(pool, schema, directory);

    await expect(refusal).rejects.toBeInstanceOf(EditedMigrationsError);
    await expect(refusal).rejects.toThrow(`schema "${schema}": migration 0001_first.sql (recorded sha256 ${checksumOf(first)}, file sha256 ${checksumOf(editedFirst)}) changed after it ran`);
    expect(await tables(schema)).toEqual(['first', 'schema_migrations']);
    expect(await recorded(schema)).toEqual([{ name: '0001_first.sql', checksum: checksumOf(first) }]);
    // The read-only check (the apps' with MIGRATE_ON_BOOT off, and --dry-run) refuses it too.
    await expect(sqlMigrationStatus(pool, schema, directory)).rejects.toBeInstanceOf(EditedMigrationsError);
    await expect(prepareSqlSchema(pool, schema, directory, false)).rejects.toBeInstanceOf(EditedMigrationsError);
  });

  it('an edit is refused even when the migrator ran before checksums were kept, once the checksum was recorded', async () => {
    const schema = freshSchema();
    await runSqlMigrations(pool, schema, directoryWith({ '0001_first.sql': first }));
    await pool.query(`UPDATE "${schema}".schema_migrations SET checksum = NULL`);
    await runSqlMigrations(pool, schema, directoryWith({ '0001_first.sql': first }));

    await expect(runSqlMigrations(pool, schema, directoryWith({ '0001_first.sql': second }))).rejects.toBeInstanceOf(EditedMigrationsError);
  });

  it('concurrent runs on one schema apply each migration once, under the migrator lock', async () => {
    const schema = freshSchema();
    const directory = directoryWith({ '0001_first.sql': first, '0002_second.sql': second, '0003_third.sql': third });

    const runs = await Promise.all([1, 2, 3, 4].map(() => runSqlMigrations(pool, schema, directory)));

    expect(runs.flatMap((run) => run.applied).sort()).toEqual(['0001_first.sql', '0002_second.sql', '0003_third.sql']);
    expect(runs.filter((run) => run.applied.length > 0)).toHaveLength(1);
  });

  it('with MIGRATE_ON_BOOT off an app only checks: pending migrations are named, nothing is created; after the step it passes', async () => {
    const schema = freshSchema();
    const directory = directoryWith({ '0001_first.sql': first, '0002_second.sql': second });

    const check = prepareSqlSchema(pool, schema, directory, false);

    await expect(check).rejects.toBeInstanceOf(PendingMigrationsError);
    await expect(check).rejects.toThrow(`schema "${schema}" lacks migrations 0001_first.sql, 0002_second.sql: MIGRATE_ON_BOOT is off, so run \`ledger migrate\``);
    expect((await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);
    await applySqlMigrations(pool, schema, directory);
    await expect(prepareSqlSchema(pool, schema, directory, false)).resolves.toEqual([]);
    // With it on, the app migrates what is missing itself.
    await expect(prepareSqlSchema(pool, schema, directoryWith({ '0001_first.sql': first, '0002_second.sql': second, '0003_third.sql': third }), true)).resolves.toEqual(['0003_third.sql']);
  });
});
