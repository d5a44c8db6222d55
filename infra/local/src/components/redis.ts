import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Component } from '../component';
import { cacheDir, componentPaths } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { runStep } from '../run-step';
import { ports } from '../settings';
import { StackError } from '../stack-error';
import { requireTool } from '../tools';
import { waitUntil } from '../wait';

/** Debian bookworm's Redis and the libraries it needs beyond a base system. */
const packages = ['redis-server', 'redis-tools', 'libjemalloc2', 'liblzf1'];
const home = join(cacheDir, 'redis-debian');
const root = join(home, 'root');
const installedBinary = join(root, 'usr', 'bin', 'redis-server');

/** A `redis-server` on PATH is used as it is; otherwise Debian's package, unpacked into the cache. */
function systemRedis(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? 'redis-server' : undefined;
}

function unpackedVersion(): string {
  const probe = spawnSync(installedBinary, ['--version'], { encoding: 'utf8', env: withLibraries() });
  return /v=(\S+)/.exec(probe.stdout)?.[1] ?? 'unknown';
}

/** The unpacked package's own libraries (jemalloc, lzf) come first; the system provides the rest. */
function withLibraries(): NodeJS.ProcessEnv {
  const libraries = join(root, 'usr', 'lib', 'x86_64-linux-gnu');
  return { ...process.env, LD_LIBRARY_PATH: [libraries, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
}

/**
 * Redis for the rate limits (shared by every instance of an app). Debian's `redis-server`
 * package is downloaded with `apt-get download` and unpacked into the cache with `dpkg-deb`:
 * nothing is installed system-wide and no service is started behind the stack's back.
 */
export function redisComponent(): Component {
  const paths = componentPaths('redis');
  const port = ports.redis;
  const binary = (): string => systemRedis() ?? installedBinary;
  return {
    name: 'redis',
    get version() {
      return systemRedis() === undefined ? (existsSync(installedBinary) ? unpackedVersion() : '7.0 (Debian)') : 'system';
    },
    paths,
    port,
    envVariable: 'REDIS_URL',
    localUrl: `redis://127.0.0.1:${port}`,
    stopSignal: 'SIGTERM',
    async install(progress) {
      if (systemRedis() !== undefined || existsSync(installedBinary)) return;
      requireTool('apt-get', ['--version']);
      requireTool('dpkg-deb', ['--version']);
      progress('redis: downloading Debian\'s redis-server package (first run only)…');
      await download(progress);
    },
    async start() {
      mkdirSync(paths.dataDir, { recursive: true });
      // No persistence: rate-limit counters live for a minute and may be lost with the process.
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', paths.dataDir, '--daemonize', 'no', '--loglevel', 'warning'];
      spawnDaemon({ command: binary(), args, env: withLibraries(), logFile: paths.logFile, pidFile: paths.pidFile, identifiedBy: 'redis-server' });
      await this.waitReady(this.localUrl, 15_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => ping(url), { what: 'redis', timeoutMs, giveUpIf: exitedDuringStart(paths, 'server') });
    },
  };
}

async function download(progress: (line: string) => void): Promise<void> {
  const debs = join(home, 'debs');
  rmSync(home, { recursive: true, force: true });
  mkdirSync(debs, { recursive: true });
  const logFile = join(cacheDir, 'logs', 'redis-download.log');
  const failure = 'redis: downloading Debian\'s redis-server failed (it needs apt-get and Debian\'s package index)';
  try {
    await runStep({ command: 'apt-get', args: ['download', ...packages], cwd: debs, logFile, failure, timeoutMs: 5 * 60_000 });
  } catch {
    // A fresh machine may have no package index yet.
    progress('redis: refreshing the package index (apt-get update)…');
    await runStep({ command: 'apt-get', args: ['update'], logFile, failure, timeoutMs: 5 * 60_000 });
    await runStep({ command: 'apt-get', args: ['download', ...packages], cwd: debs, logFile, failure, timeoutMs: 5 * 60_000 });
  }
  for (const deb of readdirSync(debs).filter((file) => file.endsWith('.deb'))) {
    await runStep({ command: 'dpkg-deb', args: ['-x', join(debs, deb), root], logFile, failure, timeoutMs: 60_000 });
  }
  rmSync(debs, { recursive: true, force: true });
  if (!existsSync(installedBinary)) throw new StackError(`${failure}: no redis-server in the package`);
}

/** Resolves when `url` answers PING with PONG. */
function ping(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(2_000, () => socket.destroy(new Error('no answer to PING')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      if (data.toString('utf8').startsWith('+PONG')) resolve();
      else reject(new Error(`PING answered ${data.toString('utf8').trim()}`));
    });
    socket.once('error', reject);
  });
}
