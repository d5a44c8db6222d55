import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPrivateReplica, type PrivateReplica } from '../src/replication/private-replica';
import { waitUntil } from '../src/wait';

const primaryUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (url === undefined) throw new Error('DATABASE_URL is not set: the jest global setup starts the stack and sets it');
  return url;
};

async function queryOnce<Row extends object>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Resolves once the replica shows the row of `id`; a replica that does not stream leaves it waiting until the test's timeout. */
function replicated(replica: PrivateReplica, table: string, id: string): Promise<unknown> {
  return waitUntil(
    async () => {
      const rows = await queryOnce<{ note: string }>(replica.url, `SELECT note FROM ${table} WHERE id = $1`, [id]);
      if (rows.length === 0) throw new Error(`row ${id} is not on the replica yet`);
      return rows[0];
    },
    { what: 'replication', timeoutMs: 30_000, intervalMs: 50 },
  );
}

/** The backup label the replica was made from: renamed backup_label.old once replay began. */
function backupLabel(replica: PrivateReplica): string {
  return readFileSync(join(replica.server.paths.dataDir, 'backup_label.old'), 'utf8');
}

describe('a streaming replica of the local PostgreSQL, made with the low-level backup API', () => {
  const table = `replica_probe_${randomUUID().replaceAll('-', '')}`;
  let replica: PrivateReplica;

  beforeAll(async () => {
    await queryOnce(primaryUrl(), `CREATE TABLE ${table} (id uuid PRIMARY KEY, note text NOT NULL)`);
    replica = await startPrivateReplica();
  });

  afterAll(async () => {
    await replica?.remove();
    await queryOnce(primaryUrl(), `DROP TABLE IF EXISTS ${table}`);
  });

  it('is a hot standby of the primary, streaming through its own slot', async () => {
    const [state] = await queryOnce<{ recovering: boolean; status: string; slot: string }>(
      replica.adminUrl,
      'SELECT pg_is_in_recovery() AS recovering, status, slot_name AS slot FROM pg_stat_wal_receiver',
    );
    const [slot] = await queryOnce<{ active: boolean }>(primaryUrl(), 'SELECT active FROM pg_replication_slots WHERE slot_name = $1', [replica.server.slotName]);

    expect(state).toEqual({ recovering: true, status: 'streaming', slot: replica.server.slotName });
    expect(slot).toEqual({ active: true });
    expect(existsSync(join(replica.server.paths.dataDir, 'standby.signal'))).toBe(true);
    // The label pg_backup_stop returned, which the replica renamed once it began replay from it.
    expect(backupLabel(replica)).toContain('LABEL: ledger-replica');
  });

  it('shows a row committed on the primary, and refuses writes of its own', async () => {
    const id = randomUUID();
    await queryOnce(primaryUrl(), `INSERT INTO ${table} VALUES ($1, 'written on the primary')`, [id]);

    await expect(replicated(replica, table, id)).resolves.toEqual({ note: 'written on the primary' });
    await expect(queryOnce(replica.url, `INSERT INTO ${table} VALUES ($1, 'on the replica')`, [randomUUID()])).rejects.toThrow(/read-only transaction/);
  });

  it('is started again from its own copy, and catches up on what it missed while down (its slot kept the WAL)', async () => {
    const label = backupLabel(replica);
    await replica.stop();
    const id = randomUUID();
    await queryOnce(primaryUrl(), `INSERT INTO ${table} VALUES ($1, 'written while the replica was down')`, [id]);

    await replica.start();

    await expect(replicated(replica, table, id)).resolves.toEqual({ note: 'written while the replica was down' });
    // Kept, not copied again: a new copy would carry the label of a new backup (its start WAL location and time).
    expect(backupLabel(replica)).toBe(label);
  });
});
