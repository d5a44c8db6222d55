import { freePort, withTestToken } from '@ledger/platform/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { disposeEnvironment, isolatedEnvironment } from './system.harness';

const repoRoot = join(__dirname, '..', '..', '..');

/**
 * `npm run cluster` as a person runs it: small counts, one deposit through its gateway, then
 * Ctrl-C, which a terminal sends to the whole foreground process group. Afterwards nothing it
 * started may be left (no process of its group, no port still bound), and the stack servers it
 * found running must still be running. Its apps use an isolated environment like every system test.
 */
describe('npm run cluster', () => {
  const env = isolatedEnvironment();
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');

  afterAll(async () => {
    await disposeEnvironment(env, pool, mongo);
  });

  it('runs instances behind its gateway, takes a deposit through it, and stops everything it started on Ctrl-C', async () => {
    const before = stackStates();
    const basePort = await freeBlock();
    const gatewayPort = await freePort();
    const ports = [gatewayPort, basePort, basePort + 10, basePort + 1, basePort + 2, basePort + 3];
    const cluster = startCluster(env, basePort, gatewayPort);
    try {
      const gateway = await cluster.ready;
      expect(gateway).toBe(`http://127.0.0.1:${gatewayPort}`);
      expect(cluster.lines.join('\n')).toMatch(/\[cluster\] command-api#2 → http:\/\/127\.0\.0\.1:\d+/);

      const accountId = randomUUID();
      const opened = await post(gateway, '/accounts', { accountId, ownerId: 'cluster-owner', currency: 'EUR' });
      expect(opened.status).toBe(201);
      const deposit = await post(gateway, `/accounts/${accountId}/deposits`, { amount: '12.50', currency: 'EUR' });
      expect(deposit.status).toBe(201);
      const { revision } = (await deposit.json()) as { revision: number };
      const read = await fetch(`${gateway}/accounts/${accountId}?minRevision=${revision}`, { headers: await withTestToken() });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ balance: '12.50', revision });

      const group = processesOfGroup(cluster.pgid);
      expect(group.filter((command) => command.includes('/dist/main.js'))).toHaveLength(5);
      expect(group.some((command) => command.startsWith('nginx: master'))).toBe(true);
    } finally {
      if (processesOfGroup(cluster.pgid).length > 0) process.kill(-cluster.pgid, 'SIGINT');
      await cluster.exited;
    }

    expect(await waitFor(() => processesOfGroup(cluster.pgid).length === 0, 60_000)).toBe(true);
    expect(await Promise.all(ports.map(async (port) => ({ port, free: await isFree(port) })))).toEqual(ports.map((port) => ({ port, free: true })));
    // What it found running (the shared stack) still runs; what it started (the cluster
    // profile's replica and pooler, when they were not up) is stopped again.
    const after = stackStates();
    const up = (state: string | undefined): boolean => state === 'running' || state === 'external';
    expect([...before].map(([component]) => ({ component, up: up(after.get(component)) }))).toEqual([...before].map(([component, state]) => ({ component, up: up(state) })));
  }, 240_000);
});

interface RunningCluster {
  readonly pgid: number;
  readonly lines: string[];
  /** The gateway's URL once the cluster says it is ready. */
  readonly ready: Promise<string>;
  readonly exited: Promise<number | null>;
}

function startCluster(env: Readonly<Record<string, string>>, basePort: number, gatewayPort: number): RunningCluster {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    LOG_LEVEL: 'warn',
    LEDGER_CLUSTER_BASE_PORT: String(basePort),
    LEDGER_GATEWAY_PORT: String(gatewayPort),
  };
  // The global setup points DATABASE_URL at the stack's PostgreSQL; left set, `up` would take it
  // for a server of someone else's, and the cluster profile's replica copies only the stack's own.
  delete childEnv['DATABASE_URL'];
  const args = ['run', 'cluster', '--', '--command-apis', '2', '--query-apis', '1', '--projectors', '1', '--relays', '1', '--transfer-processors', '0'];
  // Its own process group, as a shell gives a foreground job: Ctrl-C reaches every process in it.
  const child: ChildProcess = spawn('npm', args, { cwd: repoRoot, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        const url = /\[cluster\] ready: the gateway answers on (\S+);/.exec(line)?.[1];
        if (url !== undefined) resolve(url);
      });
    }
    void exited.then((code) => reject(new Error(`npm run cluster exited (${String(code)}) before it was ready:\n${lines.slice(-40).join('\n')}`)));
    setTimeout(() => reject(new Error(`npm run cluster not ready after 180 s:\n${lines.slice(-40).join('\n')}`)), 180_000).unref();
  });
  return { pgid: child.pid ?? -1, lines, ready, exited };
}

async function post(gateway: string, path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gateway}${path}`, { method: 'POST', headers: await withTestToken({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
}

/** The command lines of every live process in a process group (from /proc). */
function processesOfGroup(pgid: number): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        // Fields after the command name, which is in parentheses and may hold spaces.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(group) !== pgid || state === 'Z') return [];
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** `npm run stack -- status`: component → state (running, stopped, died). */
function stackStates(): Map<string, string> {
  // Without the addresses the global setup exported, which would show every server as external.
  const pointers = ['DATABASE_URL', 'READ_DATABASE_URL', 'POOLED_DATABASE_URL', 'KAFKA_BROKERS', 'MONGODB_URL', 'AUTH_ISSUER', 'REDIS_URL', 'JAEGER_URL', 'PROMETHEUS_URL'];
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !pointers.includes(name)));
  const status = spawnSync('npm', ['run', '-s', 'stack', '--', 'status'], { cwd: repoRoot, env, encoding: 'utf8' });
  const rows = status.stdout.split('\n').slice(1).filter((line) => line.trim() !== '');
  return new Map(rows.map((row) => row.split(/\s+/, 2) as [string, string]));
}

/** A base port whose block (base … base+13) is free, below the ephemeral range the OS hands out. */
async function freeBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 20 * Math.floor(Math.random() * 600);
    const block = [0, 1, 2, 3, 10, 11, 12, 13].map((offset) => base + offset);
    if ((await Promise.all(block.map(isFree))).every(Boolean)) return base;
  }
  throw new Error('no free block of ports between 20000 and 32000');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
