import { Client } from 'pg';
import type { Component } from '../component';
import { componentPaths } from '../paths';
import { exitedDuringStart } from '../processes';
import { ensureReplicaData, startReplica } from '../replication/replica-server';
import type { PrimaryServer } from '../replication/servers';
import { externalUrls, localPostgres, ports } from '../settings';
import { StackError } from '../stack-error';
import { waitUntil } from '../wait';
import { binaries } from './postgres';

/** The stack's own PostgreSQL as the primary of a replica: its programs, data and superuser. */
export function localPrimary(): PrimaryServer {
  return { bin: binaries().bin, dataDir: componentPaths('postgres').dataDir, port: ports.postgres, user: localPostgres.user, password: localPostgres.password };
}

/**
 * The cluster profile's streaming replica of the stack's PostgreSQL, for the query API's reads
 * (READ_DATABASE_URL). Its data directory is kept across `down`/`up` (its slot keeps the WAL it
 * missed) and copied anew when it is not a replica of the running primary any more.
 */
export function postgresReplicaComponent(): Component {
  const paths = componentPaths('postgres-replica');
  const port = ports.postgresReplica;
  const { version } = binaries();
  return {
    name: 'postgres-replica',
    profile: 'cluster',
    version,
    paths,
    port,
    envVariable: 'READ_DATABASE_URL',
    localUrl: `postgres://${localPostgres.user}:${localPostgres.password}@127.0.0.1:${port}/${localPostgres.database}`,
    stopSignal: 'SIGINT',
    install: () => Promise.resolve(),
    async start() {
      if (externalUrls.DATABASE_URL !== undefined) {
        throw new StackError('postgres-replica: DATABASE_URL points at a PostgreSQL the stack does not own; the local replica copies the stack\'s own (unset DATABASE_URL, or set READ_DATABASE_URL to a replica of yours)');
      }
      const primary = localPrimary();
      const replica = { paths, port, slotName: 'ledger_replica' };
      const backup = await ensureReplicaData(primary, replica);
      await startReplica(primary, replica, backup);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => inRecovery(url), { what: 'postgres-replica', timeoutMs, giveUpIf: exitedDuringStart(paths, 'replica') });
    },
  };
}

/** Resolves when the server at `url` answers as a standby. */
async function inRecovery(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
    if (rows[0]?.recovering !== true) throw new Error(`${new URL(url).host} is not in recovery: it is no replica`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
