// The command API as production runs it (apps/command-api/dist/main.js, built by Nx like the
// e2e global setup does), as a child process of the benchmark on 127.0.0.1; the full loop
// starts the other built apps the same way (`startAppProcess`).
//
// Not in this process as the jest harness does it: tsx compiles with esbuild, which emits no
// decorator metadata, so Nest cannot resolve constructor-injected providers from the sources
// (jest compiles with SWC, which does). A separate process is also how the API really runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../infra/local/src/paths';
import type { BenchContext } from './context';
import type { ServerProbe } from './measure';

/** Linux: /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s (CLK_TCK). */
const ticksPerSecond = 100;

function procFile(pid: number | undefined, name: string): string | undefined {
  const file = `/proc/${pid ?? 0}/${name}`;
  return pid !== undefined && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export interface CommandApiProcess extends ServerProbe {
  readonly url: string;
  stop(): Promise<void>;
  /** SIGKILL, and resolves once the process is gone: a crash, with no chance to leave its group or close anything. */
  kill(): Promise<void>;
}

/** One of the built apps, for `startAppProcess`. */
export interface AppToStart {
  /** The folder under apps/, e.g. `command-api`. */
  readonly app: string;
  /** The variable that sets its port, e.g. `COMMAND_API_PORT`. */
  readonly portVariable: string;
  /** Its configuration, over this process's environment. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * What node runs instead of apps/<app>/dist/main.js, e.g. a bench server through tsx; it must
   * answer /health and /metrics the way the apps do (process_resident_memory_bytes & co.).
   */
  readonly nodeArgs?: readonly string[];
  /** Each line the app writes to stdout (its JSON log lines), for a scenario that follows its progress. */
  readonly onStdoutLine?: (line: string) => void;
}

/** `nx run command-api:build` (cached after the first time); its output is shown only when it fails. */
export function buildCommandApi(): void {
  buildApps(['command-api']);
}

/** `nx run-many -t build -p <apps>` (cached after the first time); its output is shown only when it fails. */
export function buildApps(projects: readonly string[]): void {
  try {
    execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', '-p', projects.join(','), '--output-style=static'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? `${String(error.stdout)}${'stderr' in error ? String(error.stderr) : ''}` : '';
    throw new Error(`building ${projects.join(', ')} failed:\n${output.slice(-4000)}`, { cause: error });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitHealthy(app: string, url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} during start:\n${stderr()}`);
    const status = await fetch(`${url}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${app} at ${url} did not become healthy within 60 s:\n${stderr()}`);
}

/** A sample of a Prometheus text exposition (the first series of that name), NaN when absent. */
export function metric(text: string, name: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

/** Starts dist/main.js (run `buildCommandApi` first) and resolves once /health answers 200. */
export function startCommandApiProcess(context: BenchContext): Promise<CommandApiProcess> {
  return startAppProcess({ app: 'command-api', portVariable: 'COMMAND_API_PORT', env: { DATABASE_URL: context.databaseUrl, AUTH_ISSUER: context.issuer, EVENT_STORE_SCHEMA: context.schema } });
}

/** Starts apps/<app>/dist/main.js on a free port of 127.0.0.1 and resolves once /health answers 200. */
export async function startAppProcess(start: AppToStart): Promise<CommandApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, start.nodeArgs ?? [join(repoRoot, 'apps', start.app, 'dist/main.js')], {
    cwd: repoRoot,
    // Log lines are formatted as in production (LOG_LEVEL as set, default info) and dropped
    // unless the caller reads them.
    stdio: ['ignore', start.onStdoutLine === undefined ? 'ignore' : 'pipe', 'pipe'],
    // The rate limit is counted on every request (its cost is measured) but never reached: one bench subject sends it all.
    env: { ...process.env, RATE_LIMIT_PER_MINUTE: '1000000000', ...start.env, HOST: '127.0.0.1', [start.portVariable]: String(port) },
  });
  if (child.stdout !== null && start.onStdoutLine !== undefined) createInterface({ input: child.stdout }).on('line', start.onStdoutLine);
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM'); // the app closes its pools and exits (bootstrapApp's shutdown hooks)
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(start.app, url, child, () => errors);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    cpuSeconds: () => {
      // Fields after the parenthesised command name: state is [0], utime [11], stime [12].
      const fields = procFile(child.pid, 'stat')?.split(') ')[1]?.split(' ');
      return fields === undefined ? Number.NaN : (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    },
    memory: async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const peakKb = /VmHWM:\s+(\d+) kB/.exec(procFile(child.pid, 'status') ?? '')?.[1];
      return {
        rssMb: metric(text, 'process_resident_memory_bytes') / 2 ** 20,
        heapUsedMb: metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
        peakRssMb: peakKb === undefined ? Number.NaN : Number(peakKb) / 1024,
      };
    },
    stop,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
