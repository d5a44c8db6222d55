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
 * 0006 and 0007: the transfer read model, and transaction rows naming their transfer. A read model
 * written before them keeps every row, in its live table and in a rebuild's shadow copy alike.
 */
describe('read-model migrations 0006 and 0007: transfers', () => {
  let pool: Pool;
  let schema: string;
  let before: string;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    schema = `transfer_ids_${uniqueSuffix()}`;
    before = mkdtempSync(join(tmpdir(), 'read-models-before-0006-'));
    for (const file of readdirSync(migrations).filter((name) => name < '0006')) copyFileSync(join(migrations, file), join(before, file));
    await applySqlMigrations(pool, schema, before);
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const columnsOf = async (table: string) =>
    (
      await pool.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [
        schema,
        table,
      ])
    ).rows.map((row) => row.column_name);

  it('adds transfer_id last to the live table and a shadow copy, keeping their rows (NULL: no transfer), and creates transfer_summary', async () => {
    const [liveAccount, shadowAccount] = [randomUUID(), randomUUID()];
    await pool.query(`CREATE TABLE "${schema}".account_transactions__r1 (LIKE "${schema}".account_transactions INCLUDING ALL)`);
    for (const [table, accountId] of [['account_transactions', liveAccount], ['account_transactions__r1', shadowAccount]] as const) {
      await pool.query(`INSERT INTO "${schema}".${table} VALUES ($1, 1, 'deposit', 100, 'EUR', 100, 'salary', now())`, [accountId]);
    }

    expect(await migrateReadModels(pool, schema)).toEqual(readdirSync(migrations).filter((name) => name >= '0006').sort());

    for (const table of ['account_transactions', 'account_transactions__r1']) expect((await columnsOf(table)).at(-1)).toBe('transfer_id');
    const { rows } = await pool.query<{ account_id: string; reference: string; transfer_id: string | null }>(
      `SELECT account_id, reference, transfer_id FROM (SELECT 1 AS n, * FROM "${schema}".account_transactions UNION ALL SELECT 2, * FROM "${schema}".account_transactions__r1) t ORDER BY n`,
    );
    expect(rows).toEqual([
      { account_id: liveAccount, reference: 'salary', transfer_id: null },
      { account_id: shadowAccount, reference: 'salary', transfer_id: null },
    ]);
    expect(await columnsOf('transfer_summary')).toEqual([
      'transfer_id',
      'from_account_id',
      'from_owner_id',
      'to_account_id',
      'to_owner_id',
      'amount_minor',
      'currency',
      'reference',
      'status',
      'failure_code',
      'revision',
      'created_at',
      'updated_at',
    ]);
  });
});
