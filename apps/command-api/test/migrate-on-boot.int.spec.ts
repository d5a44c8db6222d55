import { eventStoreMigrations, runSqlMigrations } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { createApp, loadConfig } from '@ledger/platform';
import { withTestToken } from '@ledger/platform/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Pool } from 'pg';
import { commandApiConfigSchema } from '../src/command-api.config';
import { commandApiDefinition } from '../src/command-api.definition';

/**
 * MIGRATE_ON_BOOT=false, as in production: the command API starts on an event store schema the
 * migration step has not prepared, changes nothing, answers commands 503 and is not ready, naming
 * the pending migrations; once the step ran (`ledger migrate` runs exactly this migrator, see
 * apps/projector/test/ledger-migrate.int.spec.ts) it becomes ready by itself and takes commands.
 */
describe('the command API with MIGRATE_ON_BOOT=false', () => {
  const schema = `boot_es_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig(commandApiConfigSchema, { ...process.env, HOST: '127.0.0.1', EVENT_STORE_SCHEMA: schema, MIGRATE_ON_BOOT: 'false', LOG_LEVEL: 'silent' });
    app = await createApp(commandApiDefinition(config));
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const ready = async () => {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: (await response.json()) as { checks: Record<string, { status: string; error?: string }> } };
  };
  const openAccount = async () => {
    const response = await fetch(`${url}/accounts`, {
      method: 'POST',
      headers: await withTestToken({ 'content-type': 'application/json' }),
      body: JSON.stringify({ ownerId: randomUUID(), currency: 'EUR' }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('waits, not ready, until the migration step ran; then takes commands', async () => {
    const pending = readdirSync(eventStoreMigrations).filter((name) => name.endsWith('.sql')).sort();

    const before = await ready();

    expect(before.status).toBe(503);
    expect(before.body.checks['eventStore']?.error).toContain(`schema "${schema}" lacks migrations ${pending.join(', ')}: MIGRATE_ON_BOOT is off, so run \`ledger migrate\``);
    expect(await openAccount()).toMatchObject({ status: 503, body: { code: 'EVENT_STORE_UNAVAILABLE' } });
    expect((await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);

    expect((await runSqlMigrations(pool, schema, eventStoreMigrations)).applied).toEqual(pending);

    await eventually(ready, (answer) => answer.status === 200, { what: 'the command API is ready', timeoutMs: 15_000 });
    expect((await openAccount()).status).toBe(201);
  });
});
