import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_SESSION_LIMITS } from '@ledger/platform/postgres-env';
import { Client } from 'pg';
import type { Component } from '../component';
import { installDebianPackages, unpackedFile, unpackedRoot, writeLibraryLauncher, type DebianUnpack } from '../debian-packages';
import { componentPaths, type ComponentPaths } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { externalUrls, localPostgres, pgbouncerPools, ports } from '../settings';
import { waitUntil } from '../wait';
import { pgbouncerAuthFile, pgbouncerIni, pooledUrl, type PgBouncerSpec } from './pgbouncer-config';
import { asServerUser } from './postgres';

/** Debian bookworm's PgBouncer (1.18) and c-ares, the one library it needs beyond a base system. */
const debian: DebianUnpack = { component: 'pgbouncer', packages: ['pgbouncer', 'libc-ares2'], folder: 'pgbouncer-debian' };
const unpackedBinary = unpackedFile(debian, 'usr', 'sbin', 'pgbouncer');

/** A launcher next to `root/`: the unpacked binary starts only with c-ares on LD_LIBRARY_PATH. */
const launcher = join(unpackedRoot(debian), '..', 'pgbouncer');

/** A `pgbouncer` on PATH is used as it is; otherwise Debian's package, unpacked into the cache. */
function systemPgBouncer(): string | undefined {
  const probe = spawnSync('pgbouncer', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? 'pgbouncer' : undefined;
}

/** The program to run: `pgbouncer` on PATH, or the launcher of the unpacked one. */
export function pgbouncerProgram(): string {
  return systemPgBouncer() ?? launcher;
}

function writeLauncher(): void {
  writeLibraryLauncher(debian, unpackedBinary, launcher);
}

/** Installs Debian's PgBouncer into the cache (once) unless one is on PATH. */
export async function installPgBouncer(progress: (line: string) => void): Promise<void> {
  if (systemPgBouncer() !== undefined) return;
  await installDebianPackages(debian, unpackedBinary, progress);
  if (!existsSync(launcher)) writeLauncher();
}

function installedVersion(): string {
  const probe = spawnSync(pgbouncerProgram(), ['--version'], { encoding: 'utf8' });
  return /PgBouncer (\S+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1] ?? 'unknown';
}

/**
 * Writes the config and auth file into `dataDir` and returns the command line that runs
 * PgBouncer on them. PgBouncer refuses to run as root: like PostgreSQL, a root caller runs it as
 * `nobody` in a user namespace (asServerUser), where the caller's files stay readable.
 */
export function preparePgBouncer(dataDir: string, spec: Omit<PgBouncerSpec, 'authFile'>, program = pgbouncerProgram()): { command: string; args: string[]; configFile: string } {
  mkdirSync(dataDir, { recursive: true });
  const authFile = join(dataDir, 'userlist.txt');
  writeFileSync(authFile, pgbouncerAuthFile(spec), { mode: 0o600 });
  chmodSync(authFile, 0o600);
  const configFile = join(dataDir, 'pgbouncer.ini');
  writeFileSync(configFile, pgbouncerIni({ ...spec, authFile }));
  return { ...asServerUser(program, [configFile]), configFile };
}

/** Resolves once a query through the pooler at `url` came back from the server behind it. */
export async function answersThroughPooler(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server the stack's PgBouncer pools: DATABASE_URL when the environment names one, else the stack's own. */
function pooledServer(): string {
  const { user, password, database } = localPostgres;
  return externalUrls.DATABASE_URL ?? `postgres://${user}:${password}@127.0.0.1:${ports.postgres}/${database}`;
}

/**
 * The cluster profile's PgBouncer in front of PostgreSQL for the command and query APIs
 * (POOLED_DATABASE_URL), in transaction pooling with the APIs' session limits set on every
 * server connection (docs/operations.md, "Connection pooling").
 */
export function pgbouncerComponent(): Component {
  const paths: ComponentPaths = componentPaths('pgbouncer');
  const port = ports.pgbouncer;
  return {
    name: 'pgbouncer',
    profile: 'cluster',
    get version() {
      return systemPgBouncer() !== undefined || existsSync(launcher) ? installedVersion() : '1.18 (Debian)';
    },
    paths,
    port,
    envVariable: 'POOLED_DATABASE_URL',
    localUrl: pooledUrl(pooledServer(), port),
    stopSignal: 'SIGINT', // "safe shutdown": waits for the transactions in flight
    get programs() {
      return [{ path: pgbouncerProgram(), envVariable: 'LEDGER_PGBOUNCER_BINARY' }];
    },
    install: installPgBouncer,
    async start() {
      const program = preparePgBouncer(paths.dataDir, {
        listenPort: port,
        server: pooledServer(),
        sessionLimits: API_SESSION_LIMITS,
        serverConnections: pgbouncerPools.serverConnections,
        clientConnections: pgbouncerPools.clientConnections,
      });
      spawnDaemon({ command: program.command, args: program.args, identifiedBy: program.configFile, logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(this.localUrl, 15_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => answersThroughPooler(url), { what: 'pgbouncer', timeoutMs, giveUpIf: exitedDuringStart(paths, 'pooler') });
    },
  };
}
