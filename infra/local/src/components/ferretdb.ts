import { cpSync, chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Component } from '../component';
import { cacheDir, componentPaths } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { runStep } from '../run-step';
import { externalUrls, localPostgres, ports } from '../settings';
import { requireTool } from '../tools';
import { waitUntil } from '../wait';

const ferretVersion = '1.24.2';

/**
 * FerretDB's PostgreSQL pool, set rather than left to its default (50). A write command of k
 * statements holds up to k + 1 of these connections until it ends (see
 * DEFAULT_WRITE_STATEMENTS_MAX in @ledger/projections), so the pool must exceed, over every
 * command in flight, the sum of their statements: two projector instances with three partitions
 * and a rebuild each, at 8 statements per command, need 2 × 4 × 8 + 1 = 65. The local
 * PostgreSQL allows 300 connections.
 */
export const ferretPoolMaxConnections = 80;
const ferretModule = 'github.com/FerretDB/FerretDB';

export function ferretdbComponent(): Component {
  const paths = componentPaths('ferretdb');
  const home = join(cacheDir, `ferretdb-${ferretVersion}`);
  const binary = join(home, 'ferretdb');
  const port = ports.ferretdb;
  return {
    name: 'ferretdb',
    version: ferretVersion,
    paths,
    port,
    envVariable: 'MONGODB_URL',
    localUrl: `mongodb://127.0.0.1:${port}/ledger`,
    stopSignal: 'SIGTERM',
    programs: [{ path: binary, envVariable: 'LEDGER_FERRETDB_BINARY' }],
    async install(progress) {
      if (existsSync(binary)) return;
      requireTool('go', ['version']);
      progress(`building FerretDB ${ferretVersion} with go (first run only, about two minutes)…`);
      await build(home, binary);
    },
    async start() {
      mkdirSync(paths.dataDir, { recursive: true });
      spawnDaemon({ command: binary, args: ferretArguments(paths.dataDir), logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(this.localUrl, 30_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => ping(url), {
        what: 'ferretdb',
        timeoutMs,
        giveUpIf: exitedDuringStart(paths, 'server'),
      });
    },
  };
}

/**
 * Backed by the local PostgreSQL when the stack runs it; when DATABASE_URL points elsewhere we
 * do not put FerretDB's tables into somebody else's database and use SQLite files instead.
 */
function ferretArguments(dataDir: string): string[] {
  const common = [`--listen-addr=127.0.0.1:${ports.ferretdb}`, `--state-dir=${dataDir}`, '--telemetry=disable', '--debug-addr=-', '--log-level=warn'];
  if (externalUrls.DATABASE_URL !== undefined) {
    return [...common, '--handler=sqlite', `--sqlite-url=file:${join(dataDir, 'sqlite')}/`];
  }
  const { user, password, ferretDatabase } = localPostgres;
  const url = `postgres://${user}:${password}@127.0.0.1:${ports.postgres}/${ferretDatabase}?pool_max_conns=${ferretPoolMaxConnections}`;
  return [...common, '--handler=postgresql', `--postgresql-url=${url}`];
}

/**
 * `go install …@v1.24.x` cannot be used: the module proxy refuses the version list it asks for,
 * and FerretDB embeds a version file that only its own build task writes. So: download the
 * module, copy it somewhere writable, write that file, build.
 */
async function build(home: string, binary: string): Promise<void> {
  const logFile = join(cacheDir, 'logs', 'ferretdb-build.log');
  const source = join(home, 'src');
  const moduleCache = join(home, 'gomod');
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOMODCACHE: moduleCache, GOTOOLCHAIN: 'local' };
  rmSync(source, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const failure = `ferretdb: building FerretDB ${ferretVersion} failed (it needs Go 1.22+ and access to the Go module proxy)`;
  await runStep({ command: 'go', args: ['mod', 'download', `${ferretModule}@v${ferretVersion}`], cwd: home, env, logFile, failure, timeoutMs: 10 * 60_000 });
  cpSync(join(moduleCache, 'github.com', '!ferret!d!b', `!ferret!d!b@v${ferretVersion}`), source, { recursive: true });
  makeWritable(source);
  writeFileSync(join(source, 'build', 'version', 'version.txt'), `v${ferretVersion}\n`);
  await runStep({ command: 'go', args: ['build', '-trimpath', '-o', binary, './cmd/ferretdb'], cwd: source, env, logFile, failure, timeoutMs: 20 * 60_000 });
  rmSync(source, { recursive: true, force: true });
}

/** The module cache is read-only by design; the copy must not be. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) makeWritable(path);
    else chmodSync(path, 0o644);
  }
}

async function ping(url: string): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}
