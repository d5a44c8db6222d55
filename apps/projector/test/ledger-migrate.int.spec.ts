import { eventStoreMigrations, relayCheckpointMigrations } from '@ledger/event-store/postgres';
import { readModelMigrations } from '@ledger/projections/postgres';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Pool } from 'pg';
import { ledger } from './support/ledger-migrate';

const migrationsIn = (directory: string): string[] => readdirSync(directory).filter((name) => /^\d{4}_.+\.sql$/.test(name)).sort();

/** `migrate`'s lines for a schema that got every migration of `directory`. */
const appliedAll = (title: string, schema: string, directory: string): string[] => {
  const names = migrationsIn(directory);
  return [`${title} (schema ${schema}): applied ${names.length} migration${names.length === 1 ? '' : 's'}`, ...names.map((name) => `  ${name}`)];
};

/** `ledger migrate` against the real PostgreSQL, each test in schemas of its own, dropped after. */
describe('ledger migrate, against the real PostgreSQL', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const created: string[] = [];

  /** Schema names of this test's own for the three variables `migrate` reads. */
  function isolatedSchemas() {
    const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
    const env = { EVENT_STORE_SCHEMA: `migrate_es_${suffix}`, RELAY_CHECKPOINT_SCHEMA: `migrate_relay_${suffix}`, READ_MODEL_SCHEMA: `migrate_rm_${suffix}` };
    created.push(...Object.values(env));
    return env;
  }
  const exists = async (schema: string) => (await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
  const recorded = async (schema: string) =>
    (await pool.query<{ name: string; checksum: string | null }>(`SELECT name, checksum FROM "${schema}".schema_migrations ORDER BY name`)).rows;

  afterAll(async () => {
    for (const schema of created) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('migrates every schema and says what it applied, in order; run again, every schema is up to date', async () => {
    const env = isolatedSchemas();

    const first = await ledger(['migrate'], env);

    expect(first).toMatchObject({ exitCode: 0, stderr: '' });
    expect(first.stdout.split('\n')).toEqual([
      ...appliedAll('event store', env.EVENT_STORE_SCHEMA, eventStoreMigrations),
      ...appliedAll('relay checkpoints', env.RELAY_CHECKPOINT_SCHEMA, relayCheckpointMigrations),
      ...appliedAll('read models', env.READ_MODEL_SCHEMA, readModelMigrations),
    ]);
    expect((await recorded(env.READ_MODEL_SCHEMA)).map((row) => row.name)).toEqual(migrationsIn(readModelMigrations));
    expect((await recorded(env.READ_MODEL_SCHEMA)).every((row) => /^[0-9a-f]{64}$/.test(row.checksum ?? ''))).toBe(true);

    const again = await ledger(['migrate'], env);

    expect(again.exitCode).toBe(0);
    expect(again.stdout.split('\n')).toEqual([
      `event store (schema ${env.EVENT_STORE_SCHEMA}): up to date`,
      `relay checkpoints (schema ${env.RELAY_CHECKPOINT_SCHEMA}): up to date`,
      `read models (schema ${env.READ_MODEL_SCHEMA}): up to date`,
    ]);
  });

  it('--dry-run lists the pending migrations and creates nothing', async () => {
    const env = isolatedSchemas();

    const dry = await ledger(['migrate', '--dry-run'], env);

    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain(`read models (schema ${env.READ_MODEL_SCHEMA}): ${migrationsIn(readModelMigrations).length} migrations pending\n  0001_projection_runtime.sql`);
    expect(dry.stdout.endsWith('\nDry run: nothing was applied.')).toBe(true);
    for (const schema of Object.values(env)) expect(await exists(schema)).toBe(false);
  });

  it('concurrent runs do not conflict: each exits 0 and every migration is applied exactly once', async () => {
    const env = isolatedSchemas();

    const runs = await Promise.all([1, 2, 3].map(() => ledger(['migrate'], env)));

    expect(runs.map((run) => ({ exitCode: run.exitCode, stderr: run.stderr }))).toEqual([1, 2, 3].map(() => ({ exitCode: 0, stderr: '' })));
    const applied = runs.flatMap((run) => run.stdout.split('\n').filter((line) => line.startsWith('  0')));
    const everyMigration = [eventStoreMigrations, relayCheckpointMigrations, readModelMigrations].flatMap(migrationsIn);
    expect(applied.map((line) => line.trim()).sort()).toEqual(everyMigration.sort());
    expect((await recorded(env.EVENT_STORE_SCHEMA)).map((row) => row.name)).toEqual(migrationsIn(eventStoreMigrations));
  });

  it('a migration that ran before checksums were kept: its checksum is recorded on first sight, and said so', async () => {
    const env = isolatedSchemas();
    expect((await ledger(['migrate'], env)).exitCode).toBe(0);
    await pool.query(`UPDATE "${env.RELAY_CHECKPOINT_SCHEMA}".schema_migrations SET checksum = NULL`);

    const adopted = await ledger(['migrate'], env);

    expect(adopted.exitCode).toBe(0);
    expect(adopted.stdout).toContain(`relay checkpoints (schema ${env.RELAY_CHECKPOINT_SCHEMA}): up to date\n  recorded the checksums of 1 migration that ran before checksums were kept`);
    expect((await recorded(env.RELAY_CHECKPOINT_SCHEMA))[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an edited migration with the checksum error, exits 1 and applies nothing to any schema', async () => {
    const env = isolatedSchemas();
    expect((await ledger(['migrate'], env)).exitCode).toBe(0);
    // What the database remembers no longer matches the file: exactly what an edit of 0002 after it ran looks like.
    const [{ checksum: fileChecksum } = { checksum: '' }] = (await recorded(env.EVENT_STORE_SCHEMA)).filter((row) => row.name === '0002_notify.sql');
    const recordedChecksum = 'f'.repeat(64);
    await pool.query(`UPDATE "${env.EVENT_STORE_SCHEMA}".schema_migrations SET checksum = $1 WHERE name = '0002_notify.sql'`, [recordedChecksum]);
    const fresh = { RELAY_CHECKPOINT_SCHEMA: `${env.RELAY_CHECKPOINT_SCHEMA}_b`, READ_MODEL_SCHEMA: `${env.READ_MODEL_SCHEMA}_b` };
    created.push(...Object.values(fresh));

    const refused = await ledger(['migrate'], { ...env, ...fresh });

    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `error: event store: schema "${env.EVENT_STORE_SCHEMA}": migration 0002_notify.sql (recorded sha256 ${recordedChecksum}, file sha256 ${fileChecksum}) changed after it ran. ` +
        'Nothing was applied. Restore the file as it ran; a change belongs in a new migration.',
    );
    for (const schema of Object.values(fresh)) expect(await exists(schema)).toBe(false);
    expect((await ledger(['migrate', '--dry-run'], env)).exitCode).toBe(1);
  });
});
