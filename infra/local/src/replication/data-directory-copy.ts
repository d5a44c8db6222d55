import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../stack-error';

/**
 * What a copy of a running server's data directory leaves out (PostgreSQL's "Backing Up the Data
 * Directory"): files of the running process, WAL (the replica streams what it needs from its
 * slot), the primary's own slots, and contents rebuilt or emptied at every start. A folder
 * listed here is created empty, since the server expects it to exist.
 */
const skippedFiles = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'standby.signal', 'recovery.signal', 'current_logfiles']);
const emptiedFolders = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const skippedFolders = new Set(['log']);
/** pg_wal's subfolders the server looks for at start. */
const walFolders = ['archive_status', 'summaries'];

/**
 * Copies the data directory of a server that keeps running (between pg_backup_start and
 * pg_backup_stop): a file may change while it is read, which the backup's WAL repairs, or vanish
 * (a temporary file, a dropped table), which is no loss. Modes are kept: the server refuses a
 * data directory others may read.
 */
export function copyDataDirectory(from: string, to: string): void {
  copyFolder(from, to, true);
  for (const folder of walFolders) mkdirSync(join(to, 'pg_wal', folder), { recursive: true, mode: 0o700 });
}

function copyFolder(from: string, to: string, isRoot: boolean): void {
  const mode = lstatSync(from).mode & 0o777;
  mkdirSync(to, { recursive: true });
  chmodSync(to, mode);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.name.startsWith('pgsql_tmp')) continue;
    if (entry.isSymbolicLink()) throw new StackError(`replica: ${source} is a symbolic link (a tablespace); the local replica copies one data directory only`);
    if (entry.isDirectory()) {
      if (isRoot && skippedFolders.has(entry.name)) continue;
      if (isRoot && emptiedFolders.has(entry.name)) {
        mkdirSync(target, { mode: 0o700 });
        continue;
      }
      ignoringVanished(() => copyFolder(source, target, false));
    } else if (!(isRoot && skippedFiles.has(entry.name))) {
      ignoringVanished(() => copyFileSync(source, target));
    }
  }
}

function ignoringVanished(copy: () => void): void {
  try {
    copy();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
