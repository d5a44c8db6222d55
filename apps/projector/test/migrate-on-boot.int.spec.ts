import { AccountFixture } from '@ledger/domain/testing';
import { eventually } from '@ledger/event-store/testing';
import { readModelMigrations } from '@ledger/projections/postgres';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { ledger } from './support/ledger-migrate';
import { projectorUnderTest, type HttpAnswer, type ProjectorUnderTest } from './support/projector-under-test';

type Checks = Record<string, { status: string; error?: string }>;
const checksOf = (answer: HttpAnswer) => answer.body['checks'] as Checks;

/**
 * MIGRATE_ON_BOOT=false, as in production: the projector starts on a schema the migration step has
 * not prepared yet, migrates nothing, and is not ready, naming what is pending; once `ledger
 * migrate` ran it becomes ready by itself (it checks again every 2 s) and projects.
 */
describe('the projector with MIGRATE_ON_BOOT=false', () => {
  let projector: ProjectorUnderTest;
  const relaySchema = `boot_relay_${randomUUID().replaceAll('-', '').slice(0, 10)}`;

  beforeAll(async () => {
    projector = await projectorUnderTest({ MIGRATE_ON_BOOT: 'false', PROJECTIONS: 'account-summary' });
  });
  afterAll(async () => {
    await projector.pool.query(`DROP SCHEMA IF EXISTS "${relaySchema}" CASCADE`);
    await projector.dispose();
  });

  it('is not ready while its schema lacks migrations, creates nothing, and works once `ledger migrate` ran', async () => {
    const pending = readdirSync(readModelMigrations).filter((name) => name.endsWith('.sql')).sort();

    const before = await projector.get('/health/ready');

    expect(before.status).toBe(503);
    expect(checksOf(before)['readModels']?.status).toBe('down');
    expect(checksOf(before)['readModels']?.error).toContain(`schema "${projector.readModelSchema}" lacks migrations ${pending.join(', ')}: MIGRATE_ON_BOOT is off, so run \`ledger migrate\``);
    expect((await projector.get('/health/live')).status).toBe(200);
    const schemas = await projector.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [projector.readModelSchema]);
    expect(schemas.rowCount).toBe(0);

    const migrated = await ledger(['migrate'], { ...projector.env, RELAY_CHECKPOINT_SCHEMA: relaySchema });

    expect(migrated.exitCode).toBe(0);
    expect(migrated.stdout).toContain(`read models (schema ${projector.readModelSchema}): applied ${pending.length} migrations`);
    await eventually(() => projector.get('/health/ready'), (answer) => answer.status === 200, { what: 'the projector is ready', timeoutMs: 15_000 });
    const account = new AccountFixture();
    await projector.publish([account.opened(), account.deposited(100n, 100n)]);
    const revision = async () =>
      (await projector.pool.query<{ revision: string }>(`SELECT revision::text FROM "${projector.readModelSchema}".account_summary WHERE account_id = $1`, [account.accountId])).rows[0]?.revision;
    await eventually(revision, (value) => value === '1', { what: 'the deposit is projected', timeoutMs: 20_000 });
  });
});
