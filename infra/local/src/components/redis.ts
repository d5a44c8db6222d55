import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import type { Component } from '../component';
import { installDebianPackages, unpackedFile, withUnpackedLibraries, type DebianUnpack } from '../debian-packages';
import { componentPaths } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { ports } from '../settings';
import { waitUntil } from '../wait';

/** Debian bookworm's Redis and the libraries it needs beyond a base system. */
const debian: DebianUnpack = { component: 'redis', packages: ['redis-server', 'redis-tools', 'libjemalloc2', 'liblzf1'], folder: 'redis-debian' };
const installedBinary = unpackedFile(debian, 'usr', 'bin', 'redis-server');

/** A `redis-server` on PATH is used as it is; otherwise Debian's package, unpacked into the cache. */
function systemRedis(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? 'redis-server' : undefined;
}

function unpackedVersion(): string {
  const probe = spawnSync(installedBinary, ['--version'], { encoding: 'utf8', env: withUnpackedLibraries(debian) });
  return /v=(\S+)/.exec(probe.stdout)?.[1] ?? 'unknown';
}

/**
 * Redis for the rate limits (shared by every instance of an app), from Debian's `redis-server`
 * package unpacked into the cache (see debian-packages.ts).
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
      if (systemRedis() !== undefined) return;
      await installDebianPackages(debian, installedBinary, progress);
    },
    async start() {
      mkdirSync(paths.dataDir, { recursive: true });
      // No persistence: rate-limit counters live for a minute and may be lost with the process.
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', paths.dataDir, '--daemonize', 'no', '--loglevel', 'warning'];
      spawnDaemon({ command: binary(), args, env: withUnpackedLibraries(debian), logFile: paths.logFile, pidFile: paths.pidFile, identifiedBy: 'redis-server' });
      await this.waitReady(this.localUrl, 15_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => ping(url), { what: 'redis', timeoutMs, giveUpIf: exitedDuringStart(paths, 'server') });
    },
  };
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
