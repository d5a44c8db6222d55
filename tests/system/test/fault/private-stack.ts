import { freePort } from '@ledger/platform/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

export type ServerName = 'postgres' | 'kafka' | 'ferretdb';

/** What `npm run stack -- up --json` prints. */
interface UpResult {
  readonly env: Readonly<Record<string, string>>;
}

/**
 * A local stack of its own (state directory and ports), started with the project's own
 * `stack.ts`, so a test may kill, freeze and restart its servers without disturbing the shared
 * stack every other test uses. Servers come back exactly as an operator brings them back:
 * `npm run stack -- up`.
 */
export class PrivateStack {
  private constructor(
    private readonly stateDir: string,
    private readonly stackEnv: NodeJS.ProcessEnv,
    readonly env: Readonly<Record<string, string>>,
  ) {}

  static async start(): Promise<PrivateStack> {
    const stateDir = mkdtempSync(join(tmpdir(), 'ledger-fault-'));
    const [postgres, kafka, kafkaController, ferretdb] = [await freePort(), await freePort(), await freePort(), await freePort()];
    // The stack reuses servers named by these variables; this one must start its own.
    const { DATABASE_URL: _d, KAFKA_BROKERS: _k, MONGODB_URL: _m, ...inherited } = process.env;
    const stackEnv: NodeJS.ProcessEnv = {
      ...inherited,
      LEDGER_STATE_DIR: stateDir,
      LEDGER_POSTGRES_PORT: String(postgres),
      LEDGER_KAFKA_PORT: String(kafka),
      LEDGER_KAFKA_CONTROLLER_PORT: String(kafkaController),
      LEDGER_FERRETDB_PORT: String(ferretdb),
    };
    const result = await stackCommand(stackEnv, ['up', '--json']);
    return new PrivateStack(stateDir, stackEnv, (JSON.parse(result) as UpResult).env);
  }

  /** `npm run stack -- up`: starts whatever is not running, and waits until it answers. */
  async up(): Promise<void> {
    await stackCommand(this.stackEnv, ['up', '--json']);
  }

  /** The server's main process (PostgreSQL's postmaster, Kafka's JVM, FerretDB). */
  pidOf(server: ServerName): number {
    const record = JSON.parse(readFileSync(join(this.stateDir, server, `${server}.pid`), 'utf8')) as { pid: number };
    return record.pid;
  }

  /** SIGKILL: a crash, an OOM kill, a machine gone. Waits until the process is gone. */
  async kill(server: ServerName): Promise<void> {
    const pid = this.pidOf(server);
    process.kill(pid, 'SIGKILL');
    await gone(pid);
    // PostgreSQL's backends leave by themselves once their postmaster died; a new postmaster
    // refuses to start while any of them still holds the shared memory.
    if (server === 'postgres') await sleep(500);
  }

  /** SIGSTOP of PostgreSQL and every one of its processes: a server that hangs, sockets still open. */
  async freezePostgres(): Promise<readonly number[]> {
    const pids = [this.pidOf('postgres'), ...(await childrenOf(this.pidOf('postgres')))];
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    return pids;
  }

  thaw(pids: readonly number[]): void {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }

  /**
   * What `pg_ctl restart -m fast` does: SIGINT to the postmaster (fast shutdown: open
   * transactions roll back, a checkpoint is written), wait for its exit, start it again.
   */
  async restartPostgresFast(): Promise<void> {
    const pid = this.pidOf('postgres');
    process.kill(pid, 'SIGINT');
    await gone(pid);
    await this.up();
  }

  async stop(): Promise<void> {
    await stackCommand(this.stackEnv, ['down']).catch(() => undefined);
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

async function stackCommand(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra', 'local', 'stack.ts'), ...args], {
    cwd: repoRoot,
    env,
    timeout: 180_000,
  });
  return stdout;
}

async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]);
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => Number.isInteger(child) && child > 0);
}

async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}
