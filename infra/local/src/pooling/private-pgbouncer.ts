import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { freePort } from '@ledger/platform/free-port';
import type { PostgresTimeouts } from '@ledger/platform/postgres-env';
import { answersThroughPooler, installPgBouncer, pgbouncerProgram as installedProgram, preparePgBouncer } from '../components/pgbouncer';
import { pooledUrl } from '../components/pgbouncer-config';
import { Client } from 'pg';
import { waitUntil } from '../wait';

/** A PgBouncer that only one test uses, in front of a PostgreSQL server. */
export interface PrivatePgBouncer {
  /** The server's database through PgBouncer. */
  readonly url: string;
  /** PgBouncer's admin console (`SHOW POOLS`, `SHOW SERVERS`, `SHOW STATS`), as the server's user. */
  readonly adminUrl: string;
  /** Stops it (safe shutdown, then SIGKILL) and deletes its folder. */
  remove(): Promise<void>;
}

export interface PrivatePgBouncerOptions {
  /** The server it pools, with the credentials it logs in with: the stack's DATABASE_URL by default. */
  readonly server?: string;
  /** Set on every server connection, as the stack's PgBouncer does; undefined sets none. */
  readonly sessionLimits: PostgresTimeouts | undefined;
  /** Server connections it shares among all its clients. */
  readonly serverConnections?: number;
}

/**
 * Starts PgBouncer (the stack's program: on PATH, or Debian's unpacked by every `up`) on a free
 * port with a folder of its own, in transaction pooling like the cluster profile's, so a test
 * needs neither the profile nor a pooler someone else also uses.
 */
export async function startPrivatePgBouncer(options: PrivatePgBouncerOptions): Promise<PrivatePgBouncer> {
  const server = options.server ?? process.env['DATABASE_URL'];
  if (server === undefined) throw new Error('DATABASE_URL is not set: the int and e2e tiers set it (their global setup runs `npm run stack -- up`)');
  const home = mkdtempSync(join(tmpdir(), 'ledger-pgbouncer-'));
  const port = await freePort();
  const spec = { listenPort: port, server, sessionLimits: options.sessionLimits, serverConnections: options.serverConnections ?? 10, clientConnections: 500 };
  const program = preparePgBouncer(home, spec, await pgbouncerProgram());
  const logFile = join(home, 'pgbouncer.log');
  const log = openSync(logFile, 'a');
  const child = spawn(program.command, program.args, { stdio: ['ignore', log, log] });
  closeSync(log);
  const url = pooledUrl(server, port);
  const remove = async (): Promise<void> => {
    await stop(child);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const exited = (): string | undefined => (child.exitCode === null && child.signalCode === null ? undefined : `exited: ${readFileSync(logFile, 'utf8').trim()}`);
    await waitUntil(() => answersThroughPooler(url), { what: `a private PgBouncer on port ${port}`, timeoutMs: 15_000, intervalMs: 100, giveUpIf: exited });
  } catch (error) {
    await remove();
    throw error;
  }
  const adminUrl = new URL(url);
  adminUrl.pathname = '/pgbouncer';
  return { url, adminUrl: adminUrl.href, remove };
}

/** The program the jest global setup names (every `up` installs it), else installed here. */
async function pgbouncerProgram(): Promise<string> {
  const named = process.env['LEDGER_PGBOUNCER_BINARY'];
  if (named !== undefined && named !== '') return named;
  await installPgBouncer(() => undefined);
  return installedProgram();
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const killLater = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killLater);
}

/** Runs one command of PgBouncer's admin console (`SHOW POOLS`, `SHOW SERVERS`, …) and returns its rows. */
export async function adminConsole<Row>(pooler: Pick<PrivatePgBouncer, 'adminUrl'>, command: string): Promise<Row[]> {
  const admin = new Client({ connectionString: pooler.adminUrl });
  await admin.connect();
  try {
    return (await admin.query<Row & Record<string, unknown>>(command)).rows;
  } finally {
    await admin.end();
  }
}
