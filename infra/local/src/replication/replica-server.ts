import { existsSync, mkdirSync, openSync, readSync, closeSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { asServerUser, serverArguments } from '../components/postgres';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { waitUntil } from '../wait';
import { takeBaseBackup, type BaseBackup } from './base-backup';
import { allowReplication, createSlot, slotIsUsable, systemIdentifierOf } from './primary-replication';
import { serverUrl, type PrimaryServer, type ReplicaServer } from './servers';

/**
 * Makes `replica.paths.dataDir` a standby of `primary`: kept when it already is one (same
 * cluster, its slot still holding the WAL it needs), else copied anew. The copy is made beside
 * it and renamed into place when complete, so an interrupted copy is never taken for a replica.
 * The replica must not be running. Resolves to the new copy's backup, undefined when one was kept.
 */
export async function ensureReplicaData(primary: PrimaryServer, replica: ReplicaServer): Promise<BaseBackup | undefined> {
  const admin = new Client({ connectionString: serverUrl(primary, primary.port, 'postgres') });
  await admin.connect();
  try {
    await allowReplication(admin, primary);
    if (existingCopyOf(replica) === (await systemIdentifierOf(admin)) && (await slotIsUsable(admin, replica.slotName))) return undefined;
    const partial = `${replica.paths.dataDir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    rmSync(replica.paths.dataDir, { recursive: true, force: true });
    mkdirSync(replica.paths.home, { recursive: true });
    await createSlot(admin, replica.slotName);
    const backup = await takeBaseBackup(primary, partial, replica.slotName);
    renameSync(partial, replica.paths.dataDir);
    return backup;
  } finally {
    await admin.end();
  }
}

/**
 * The cluster a standby data directory belongs to: pg_control begins with the system identifier
 * (a uint64 in the machine's byte order). Undefined when there is no standby there.
 */
function existingCopyOf(replica: ReplicaServer): bigint | undefined {
  const { dataDir } = replica.paths;
  if (!existsSync(join(dataDir, 'standby.signal')) || !existsSync(join(dataDir, 'global', 'pg_control'))) return undefined;
  const file = openSync(join(dataDir, 'global', 'pg_control'), 'r');
  try {
    const head = Buffer.alloc(8);
    return readSync(file, head, 0, 8, 0) === 8 ? head.readBigUInt64LE(0) : undefined;
  } finally {
    closeSync(file);
  }
}

/**
 * Starts the standby the way the primary is started (as `nobody` in a user namespace when root:
 * the copy is owned by the caller, as the primary's files are) and resolves once it answers as a
 * hot standby streaming from the primary and, for a new copy, replayed past the end of `backup`.
 */
export async function startReplica(primary: PrimaryServer, replica: ReplicaServer, backup?: BaseBackup, timeoutMs = 60_000): Promise<void> {
  const program = join(primary.bin, 'postgres');
  const server = asServerUser(program, serverArguments(replica.paths.dataDir, replica.port));
  // The primary runs the same program: the data directory tells the two processes apart.
  spawnDaemon({ command: server.command, args: server.args, identifiedBy: `${program} -D ${replica.paths.dataDir}`, logFile: replica.paths.logFile, pidFile: replica.paths.pidFile });
  await waitUntil(() => streamingStandby(serverUrl(primary, replica.port, 'postgres'), backup?.stopLsn ?? '0/0'), {
    what: 'postgres replica',
    timeoutMs,
    giveUpIf: exitedDuringStart(replica.paths, 'replica'),
    hint: `see ${replica.paths.logFile}`,
  });
}

/** Resolves when the server at `url` is in recovery, streams from its primary and replayed `lsn`. */
async function streamingStandby(url: string, lsn: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ recovering: boolean; streaming: boolean; replayed: boolean }>(
      `SELECT pg_is_in_recovery() AS recovering,
              EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming,
              coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed`,
      [lsn],
    );
    if (rows[0]?.recovering !== true) throw new Error('the server is not in recovery: it is no replica');
    if (!rows[0].streaming) throw new Error('the replica does not stream from the primary yet');
    if (!rows[0].replayed) throw new Error(`the replica has not replayed the base backup (to ${lsn}) yet`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
