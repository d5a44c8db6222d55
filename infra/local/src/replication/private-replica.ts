import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@ledger/platform/free-port';
import { localPrimary } from '../components/postgres-replica';
import { stopProcess } from '../processes';
import { localPostgres, ports } from '../settings';
import { dropSlot } from './primary-replication';
import { ensureReplicaData, startReplica } from './replica-server';
import { serverUrl, type ReplicaServer } from './servers';

/** A streaming replica of the stack's PostgreSQL that only one test uses. */
export interface PrivateReplica {
  /** The ledger database on the replica. */
  readonly url: string;
  /** A superuser URL of the replica, for pg_wal_replay_pause() and the like. */
  readonly adminUrl: string;
  readonly server: ReplicaServer;
  /** Stops it (fast shutdown) without removing anything, as `down` would. */
  stop(): Promise<void>;
  /** Starts it again from its data directory (a re-created replica keeps its copy). */
  start(): Promise<void>;
  /** Stops it, drops its slot on the primary and deletes its folder. */
  remove(): Promise<void>;
}

/**
 * Provisions a replica of the stack's own PostgreSQL (the one the jest global setup started) in a
 * temporary folder on a free port, with a slot of its own, and starts it. The shared server is
 * only read from (a base backup) and given a slot; `remove` takes the slot away again.
 */
export async function startPrivateReplica(): Promise<PrivateReplica> {
  const primary = localPrimary();
  const databaseUrl = process.env['DATABASE_URL'];
  if (databaseUrl !== undefined && new URL(databaseUrl).port !== String(ports.postgres)) {
    throw new Error(`DATABASE_URL (${new URL(databaseUrl).host}) is not the stack's PostgreSQL; a private replica copies the stack's own`);
  }
  const home = mkdtempSync(join(tmpdir(), 'ledger-replica-'));
  const server: ReplicaServer = {
    paths: { home, dataDir: join(home, 'data'), logFile: join(home, 'replica.log'), pidFile: join(home, 'replica.pid') },
    port: await freePort(),
    slotName: `ledger_test_replica_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
  };
  const start = async (): Promise<void> => {
    const backup = await ensureReplicaData(primary, server);
    await startReplica(primary, server, backup);
  };
  const stop = async (): Promise<void> => {
    await stopProcess(server.paths.pidFile, 'SIGINT', 30_000);
  };
  const remove = async (): Promise<void> => {
    await stop();
    const admin = new Client({ connectionString: serverUrl(primary, primary.port, 'postgres') });
    await admin.connect();
    try {
      await dropSlot(admin, server.slotName);
    } finally {
      await admin.end();
    }
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (first) {
    // Once, in CI under full load, a fresh copy started without its pg_notify folder (cause not
    // found yet; the copy creates it): the second attempt copies anew. A second failure is real.
    await stop();
    rmSync(server.paths.dataDir, { recursive: true, force: true });
    try {
      await start();
    } catch (error) {
      await remove();
      throw new Error(`the private replica failed twice: ${String(first)}; then ${String(error)}`, { cause: error });
    }
  }
  return { url: serverUrl(primary, server.port, localPostgres.database), adminUrl: serverUrl(primary, server.port, 'postgres'), server, stop, start, remove };
}
