import { applySqlMigrations } from '@ledger/event-store/postgres';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrateReadModels } from '../src/postgres';
import { uniqueSuffix } from './support/test-stack';

const migrations = join(__dirname, '../src/postgres/migrations');

/**
 * 0004: owner ids become text (API.md: the bank's own customer ids). A read model written while
 * they were UUIDs keeps every row, its live table and a rebuild's shadow copy alike.
 */
describe('read-model migration 0004: owner ids as text', () => {
  let pool: Pool;
  let schema: string;
  let before: string;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    schema = `owner_ids_${uniqueSuffix()}`;
    // The read model as it stood before 0004: every migration up to it, and nothing after.
    before = mkdtempSync(join(tmpdir(), 'read-models-before-0004-'));
    for (const file of readdirSync(migrations).filter((name) => name < '0004')) copyFileSync(join(migrations, file), join(before, file));
    await applySqlMigrations(pool, schema, before);
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const insertSummary = (table: string, accountId: string, ownerId: string) =>
    pool.query(`INSERT INTO "${schema}".${table} VALUES ($1, $2, 'EUR', 0, 'open', 0, now(), now())`, [accountId, ownerId]);
  const ownerColumns = async () => {
    const { rows } = await pool.query<{ table_name: string; data_type: string; collation_name: string | null }>(
      `SELECT table_name, data_type, collation_name FROM information_schema.columns
        WHERE table_schema = $1 AND column_name = 'owner_id' ORDER BY table_name`,
      [schema],
    );
    return rows;
  };

  it('turns the uuid columns of the live table and a shadow copy into text, keeping every row as it was', async () => {
    const [liveAccount, shadowAccount] = [randomUUID(), randomUUID()];
    const [liveOwner, shadowOwner] = ['6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B', randomUUID()];
    await pool.query(`CREATE TABLE "${schema}".account_summary__r1 (LIKE "${schema}".account_summary INCLUDING ALL)`);
    await insertSummary('account_summary', liveAccount, liveOwner);
    await insertSummary('account_summary__r1', shadowAccount, shadowOwner);
    expect(await ownerColumns()).toEqual([
      { table_name: 'account_summary', data_type: 'uuid', collation_name: null },
      { table_name: 'account_summary__r1', data_type: 'uuid', collation_name: null },
    ]);

    expect(await migrateReadModels(pool, schema)).toEqual(readdirSync(migrations).filter((name) => name >= '0004').sort());

    expect(await ownerColumns()).toEqual([
      { table_name: 'account_summary', data_type: 'text', collation_name: 'C' },
      { table_name: 'account_summary__r1', data_type: 'text', collation_name: 'C' },
    ]);
    const { rows } = await pool.query<{ account_id: string; owner_id: string }>(
      `SELECT account_id, owner_id FROM (SELECT 1 AS n, * FROM "${schema}".account_summary UNION ALL SELECT 2, * FROM "${schema}".account_summary__r1) t ORDER BY n`,
    );
    // A UUID reads as the lower-case text the command side stored it as.
    expect(rows).toEqual([
      { account_id: liveAccount, owner_id: liveOwner.toLowerCase() },
      { account_id: shadowAccount, owner_id: shadowOwner },
    ]);
  });

  it('then stores any owner id, byte for byte', async () => {
    const accountId = randomUUID();

    await insertSummary('account_summary', accountId, 'Cust.Nr_7:branch@bank-DE');

    const { rows } = await pool.query<{ account_id: string }>(`SELECT account_id FROM "${schema}".account_summary WHERE owner_id = $1`, ['Cust.Nr_7:branch@bank-DE']);
    expect(rows).toEqual([{ account_id: accountId }]);
    expect((await pool.query(`SELECT 1 FROM "${schema}".account_summary WHERE owner_id = $1`, ['cust.nr_7:branch@bank-de'])).rows).toEqual([]);
  });
});
