import { eventually } from '@ledger/event-store/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

/**
 * A MongoDB-wire server (FerretDB on SQLite files) of one test's own, on its own port: a test
 * can stop, freeze or start it without disturbing the shared server every other test uses.
 */
export interface PrivateMongoWireServer {
  readonly port: number;
  /** `mongodb://127.0.0.1:<port>/<database>`. */
  urlOf(database: string): string;
  /** Starts the server (again) and resolves once it answers `ping`. */
  start(): Promise<void>;
  /** SIGKILLs the server; its data stays for the next start. */
  kill(): Promise<void>;
  /** SIGSTOP, resolved once every thread of the server is stopped: connections are still accepted by the kernel, but nothing is answered. */
  freeze(): Promise<void>;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Kills the server and deletes its data. */
  dispose(): Promise<void>;
}

function ferretBinary(): string {
  const binary = process.env['LEDGER_FERRETDB_BINARY'];
  if (binary === undefined || binary === '') {
    throw new Error('LEDGER_FERRETDB_BINARY is not set: the int and e2e tiers set it (their global setup runs `npm run stack -- up`)');
  }
  return binary;
}

/**
 * A signal reaches a busy machine's threads one by one; on Linux each thread's state says when it
 * has (T). Elsewhere there is nothing to read, and the signal alone has to do.
 */
function allThreadsStopped(pid: number): boolean {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return true;
  return readdirSync(tasks).every((task) => {
    const stat = readFileSync(join(tasks, task, 'stat'), 'utf8');
    return /\) [tT] /.test(stat);
  });
}

async function answersPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/** On a free `port` of the caller's choosing; not started yet: call `start()`, so a test can also begin with the server down. */
export function privateMongoWireServer(port: number): PrivateMongoWireServer {
  const binary = ferretBinary();
  const stateDir = mkdtempSync(join(tmpdir(), 'ledger-ferretdb-'));
  let child: ChildProcess | undefined;
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${stateDir}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=error',
    '--handler=sqlite',
    `--sqlite-url=file:${stateDir}/`,
  ];
  const signal = (name: NodeJS.Signals): void => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, name);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  };
  const server: PrivateMongoWireServer = {
    port,
    urlOf: (database) => `mongodb://127.0.0.1:${port}/${database}`,
    start: async () => {
      if (child !== undefined) return;
      const started = spawn(binary, args, { stdio: 'ignore' });
      child = started;
      const answers = async (): Promise<boolean> => {
        if (started.exitCode !== null) throw new Error(`FerretDB exited with code ${started.exitCode} while starting on port ${port}`);
        return answersPing(server.urlOf('admin'));
      };
      await eventually(answers, { what: `FerretDB answers on port ${port}`, timeoutMs: 20_000, intervalMs: 100 });
    },
    kill,
    freeze: async () => {
      signal('SIGSTOP');
      const pid = child?.pid;
      if (pid !== undefined) await eventually(() => allThreadsStopped(pid), { what: `FerretDB (pid ${pid}) stopped`, timeoutMs: 5_000, intervalMs: 10 });
    },
    thaw: () => signal('SIGCONT'),
    dispose: async () => {
      await kill();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return server;
}
