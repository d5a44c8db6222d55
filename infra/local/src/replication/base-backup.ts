import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { copyDataDirectory } from './data-directory-copy';
import { serverUrl, type PrimaryServer } from './servers';

/** Where the copy's WAL replay must reach before the replica is consistent. */
export interface BaseBackup {
  readonly stopLsn: string;
}

/**
 * A base backup with PostgreSQL's low-level API (the embedded binaries ship no pg_basebackup):
 * pg_backup_start and pg_backup_stop on one session, which must stay open in between (closing
 * it aborts the backup), the data directory copied meanwhile. The copy becomes a standby of
 * `primary`: backup_label tells it where replay starts, standby.signal and primary_conninfo make
 * it stream from the primary through `slotName` instead of ending recovery.
 */
export async function takeBaseBackup(primary: PrimaryServer, target: string, slotName: string): Promise<BaseBackup> {
  const session = new Client({ connectionString: serverUrl(primary, primary.port, 'postgres'), application_name: 'ledger-replica-backup' });
  await session.connect();
  try {
    // Fast: a checkpoint now rather than a spread one, so provisioning takes seconds.
    await session.query("SELECT pg_backup_start('ledger-replica', true)");
    copyDataDirectory(primary.dataDir, target);
    const { rows } = await session.query<{ labelfile: string; spcmapfile: string | null; lsn: string }>('SELECT labelfile, spcmapfile, lsn::text AS lsn FROM pg_backup_stop(true)');
    const stop = rows[0];
    if (stop === undefined) throw new Error('pg_backup_stop returned no row');
    writeFileSync(join(target, 'backup_label'), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile !== null && stop.spcmapfile !== '') writeFileSync(join(target, 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
    writeFileSync(join(target, 'standby.signal'), '', { mode: 0o600 });
    appendFileSync(join(target, 'postgresql.auto.conf'), standbySettings(primary, slotName));
    return { stopLsn: stop.lsn };
  } finally {
    await session.end().catch(() => undefined);
  }
}

/** postgresql.auto.conf lines that make the copy stream from the primary through its slot. */
function standbySettings(primary: PrimaryServer, slotName: string): string {
  const value = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  const conninfo = `host=127.0.0.1 port=${primary.port} user=${value(primary.user)} password=${value(primary.password)} application_name=${slotName}`;
  return [
    '',
    '# A streaming replica (infra/local/src/replication/base-backup.ts).',
    `primary_conninfo = '${conninfo.replaceAll("'", "''")}'`,
    `primary_slot_name = '${slotName}'`,
    'hot_standby = on',
    '',
  ].join('\n');
}
