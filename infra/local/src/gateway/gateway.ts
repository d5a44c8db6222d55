import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stateDir } from '../paths';
import { freePort } from '@ledger/platform/free-port';
import { assertPortFree } from '../ports';
import { StackError } from '../stack-error';
import { waitUntil } from '../wait';
import { nginxBinary } from './nginx-binary';
import { gatewayFiles, renderNginxConfig, type GatewayRateLimits, type GatewayUpstreamSettings } from './nginx-config';

export interface GatewayOptions {
  /** Where it listens on 127.0.0.1; a free port when not given (`npm run cluster` passes 8080). */
  readonly port?: number;
  /** `host:port` of each instance. */
  readonly commandApis: readonly string[];
  readonly queryApis: readonly string[];
  readonly projectors: readonly string[];
  /** nginx.conf, pid, access log and temp folders; `.local/gateway/<port>` by default, emptied at start. */
  readonly dataDir?: string;
  /** Per client (its token, or its address without one); default 100 a second. */
  readonly requestsPerSecond?: number;
  /** Default: two seconds' worth. */
  readonly burst?: number;
  /** Per address, whatever tokens it sends; default four clients' worth. */
  readonly requestsPerSecondPerAddress?: number;
  readonly burstPerAddress?: number;
  /** Passive health checks: failed attempts (default 1) that take an instance out for `failTimeoutSeconds` (default 5). */
  readonly maxFails?: number;
  readonly failTimeoutSeconds?: number;
  /** nginx workers; one serves a local cluster easily and keeps round-robin order predictable. */
  readonly workerProcesses?: number;
  /** Each line nginx writes to stderr (errors, failed upstreams); kept for error messages regardless. */
  readonly onLog?: (line: string) => void;
  /** Progress of the first-run download of nginx. */
  readonly progress?: (line: string) => void;
  /** Called when nginx exits without `stop()` (it was killed, or crashed). */
  readonly onExit?: (how: string) => void;
}

export interface RunningGateway {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** nginx's master process. */
  readonly pid: number;
  /** One JSON line per request: method, uri, status, route, every upstream tried and its status. */
  readonly accessLog: string;
  readonly dataDir: string;
  /** Fast shutdown (SIGTERM), SIGKILL after 5 s; resolves once nginx has exited. */
  stop(): Promise<void>;
}

export function defaultRateLimits(options: Pick<GatewayOptions, 'requestsPerSecond' | 'burst' | 'requestsPerSecondPerAddress' | 'burstPerAddress'>): GatewayRateLimits {
  // Above the apps' own budget (1,200 a minute per subject, counted in Redis): the gateway turns
  // floods away cheaply, the apps keep the per-minute account.
  const requestsPerSecond = options.requestsPerSecond ?? 100;
  const requestsPerSecondPerAddress = options.requestsPerSecondPerAddress ?? 4 * requestsPerSecond;
  return {
    requestsPerSecond,
    burst: options.burst ?? 2 * requestsPerSecond,
    requestsPerSecondPerAddress,
    burstPerAddress: options.burstPerAddress ?? 2 * requestsPerSecondPerAddress,
  };
}

/**
 * Starts nginx in the foreground with a config rendered for these instances, and resolves once
 * it answers. The instances need not be up yet: nginx marks the ones that refuse as failed.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'gateway', 'LEDGER_GATEWAY_PORT');
  const dataDir = options.dataDir ?? join(stateDir, 'gateway', String(port));
  const files = gatewayFiles(dataDir);
  const upstream: GatewayUpstreamSettings = { maxFails: options.maxFails ?? 1, failTimeoutSeconds: options.failTimeoutSeconds ?? 5, keepaliveConnections: 16 };
  const config = renderNginxConfig({
    port,
    commandApis: options.commandApis,
    queryApis: options.queryApis,
    projectors: options.projectors,
    rateLimits: defaultRateLimits(options),
    upstream,
    workerProcesses: options.workerProcesses ?? 1,
    dataDir,
  });
  const binary = await nginxBinary(options.progress ?? (() => undefined));
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(files.tempDir, { recursive: true });
  writeFileSync(files.configFile, config);

  const child = spawn(binary, ['-p', dataDir, '-c', files.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child, options.onLog);
  let stopping = false;
  let spawnError: string | undefined;
  child.once('error', (error) => (spawnError = error.message));
  const exited = new Promise<void>((resolvePromise) =>
    child.once('exit', (code, signal) => {
      if (!stopping) options.onExit?.(signal ?? `code ${String(code)}`);
      resolvePromise();
    }),
  );
  const running = (): boolean => spawnError === undefined && child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(() => answers(`${url}/gateway/health`), {
      what: 'gateway',
      timeoutMs: 15_000,
      intervalMs: 50,
      giveUpIf: () => (running() ? undefined : `nginx (${binary}) exited: ${spawnError ?? output().join(' | ')}`),
    });
  } catch (error) {
    stopping = true;
    await stopNginx(child, running, exited);
    throw error instanceof StackError ? error : new StackError(String(error));
  }
  return {
    url,
    port,
    pid: child.pid ?? -1,
    accessLog: files.accessLog,
    dataDir,
    stop: () => {
      stopping = true;
      return stopNginx(child, running, exited);
    },
  };
}

async function answers(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  if (response.status !== 200) throw new Error(`GET /gateway/health answered ${response.status}`);
}

/** Forwards nginx's lines and keeps the last ones, for the message when it will not start. */
function collectOutput(child: ChildProcess, onLog: ((line: string) => void) | undefined): () => readonly string[] {
  const last: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      last.push(line);
      if (last.length > 20) last.shift();
      onLog?.(line);
    });
  }
  return () => last;
}

async function stopNginx(child: ChildProcess, running: () => boolean, exited: Promise<void>): Promise<void> {
  const master = child.pid;
  if (!running() || master === undefined) return;
  // A master killed outright leaves its workers serving the port, so they go with it.
  const timer = setTimeout(() => {
    for (const pid of [...childPids(master), master]) killQuietly(pid);
  }, 5_000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

/** The processes whose parent is `pid` (Linux /proc; none elsewhere). */
function childPids(pid: number): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

function killQuietly(pid: number): void {
  if (pid <= 0) return; // never a process group, never "every process"
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
