import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { StackError } from '../stack-error';
import type { PrimaryServer } from './servers';

/**
 * A slot keeps WAL for a replica that is down, which is what lets it catch up; one forgotten
 * (a replica deleted by hand, a test killed before its cleanup) would keep WAL until the disk is
 * full. Past this much the primary gives the slot up, and the replica is re-created.
 */
const MAX_SLOT_WAL_KEEP_SIZE = '2GB';

/**
 * Makes the primary accept a streaming replica without a restart, or says why it cannot:
 * `wal_level` and `max_wal_senders` only change with a restart, which the stack never does to a
 * server others use; pg_hba.conf and the slot WAL limit change with a reload.
 */
export async function allowReplication(admin: Client, primary: PrimaryServer): Promise<void> {
  const { rows } = await admin.query<{ wal_level: string; max_wal_senders: number; max_slot_wal_keep_size: string }>(
    "SELECT current_setting('wal_level') AS wal_level, current_setting('max_wal_senders')::int AS max_wal_senders, current_setting('max_slot_wal_keep_size') AS max_slot_wal_keep_size",
  );
  const settings = rows[0];
  if (settings === undefined || settings.wal_level === 'minimal' || settings.max_wal_senders < 1) {
    throw new StackError(`replica: the primary runs with wal_level=${settings?.wal_level ?? '?'} and max_wal_senders=${settings?.max_wal_senders ?? '?'}; streaming needs wal_level=replica and max_wal_senders > 0 (a restart of the primary)`);
  }
  let reload = false;
  const hbaFile = join(primary.dataDir, 'pg_hba.conf');
  if (!/^host\s+replication\s+(all|\S*ledger\S*)\s+127\.0\.0\.1\/32\s/m.test(readFileSync(hbaFile, 'utf8'))) {
    appendFileSync(hbaFile, '\n# Streaming replicas of the local stack (infra/local/src/replication).\nhost    replication     all             127.0.0.1/32            scram-sha-256\n');
    reload = true;
  }
  if (settings.max_slot_wal_keep_size === '-1') {
    await admin.query(`ALTER SYSTEM SET max_slot_wal_keep_size = '${MAX_SLOT_WAL_KEEP_SIZE}'`);
    reload = true;
  }
  if (reload) await admin.query('SELECT pg_reload_conf()');
}

/**
 * A new physical slot reserving WAL from now on, created before the backup starts so every WAL
 * segment the copy needs is kept. A slot left by an earlier replica of that name goes first:
 * its position belongs to a copy that no longer exists.
 */
export async function createSlot(admin: Client, slotName: string): Promise<void> {
  await dropSlot(admin, slotName);
  await admin.query('SELECT pg_create_physical_replication_slot($1, true)', [slotName]);
}

/** Drops the slot unless a replica still streams from it (then the caller stopped the wrong one). */
export async function dropSlot(admin: Client, slotName: string): Promise<void> {
  const { rows } = await admin.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slotName]);
  if (rows[0]?.active === true) throw new StackError(`replica: slot ${slotName} is in use by a running replica; stop it first`);
  if (rows[0] !== undefined) await admin.query('SELECT pg_drop_replication_slot($1)', [slotName]);
}

/** Whether the slot still holds the WAL its replica needs (the primary gives a slot up past MAX_SLOT_WAL_KEEP_SIZE). */
export async function slotIsUsable(admin: Client, slotName: string): Promise<boolean> {
  const { rows } = await admin.query<{ wal_status: string | null }>('SELECT wal_status FROM pg_replication_slots WHERE slot_name = $1', [slotName]);
  const status = rows[0]?.wal_status;
  return status !== undefined && status !== null && status !== 'lost';
}

/** The cluster's identity, the same in every copy of it: which primary a data directory came from. */
export async function systemIdentifierOf(admin: Client): Promise<bigint> {
  const { rows } = await admin.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()');
  return BigInt(rows[0]?.id ?? '0');
}
