import { bearerFor, freePort, startBuiltApp, TEST_OPERATOR, type RunningApp } from '@ledger/platform/testing';
import { type MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Pool } from 'pg';

const repoRoot = join(__dirname, '..', '..', '..');

export type AppName = 'command-api' | 'event-relay' | 'projector' | 'query-api' | 'transfer-processor';

const portVariables: Readonly<Record<AppName, string>> = {
  'command-api': 'COMMAND_API_PORT',
  'event-relay': 'EVENT_RELAY_PORT',
  projector: 'PROJECTOR_PORT',
  'query-api': 'QUERY_API_PORT',
  'transfer-processor': 'TRANSFER_PROCESSOR_PORT',
};

/** Names of everything one system run owns, so runs share the servers but never their data. */
export function isolatedEnvironment(): Record<string, string> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const mongo = new URL(process.env['MONGODB_URL'] ?? 'mongodb://127.0.0.1:27018/ledger');
  mongo.pathname = `/system_${suffix}`;
  return {
    EVENT_STORE_SCHEMA: `system_events_${suffix}`,
    RELAY_CHECKPOINT_SCHEMA: `system_relay_${suffix}`,
    READ_MODEL_SCHEMA: `system_read_${suffix}`,
    RELAY_TOPIC_PREFIX: `system_${suffix}`,
    PROJECTOR_TOPIC_PREFIX: `system_${suffix}`,
    MONGODB_URL: mongo.href,
  };
}

/** Drops everything `isolatedEnvironment` named: the three schemas and the MongoDB database. */
export async function disposeEnvironment(env: Readonly<Record<string, string>>, pool: Pool, mongo: MongoClient): Promise<void> {
  for (const schema of ['EVENT_STORE_SCHEMA', 'RELAY_CHECKPOINT_SCHEMA', 'READ_MODEL_SCHEMA']) {
    await pool.query(`DROP SCHEMA IF EXISTS "${env[schema] ?? ''}" CASCADE`);
  }
  await pool.end();
  await mongo.db().dropDatabase();
  await mongo.close();
}

/**
 * The five built apps as production runs them, each restartable and killable; an app may run as
 * several instances (`instance` 0, 1, …), as a deployment scales the projector out.
 */
export class RunningSystem {
  private readonly apps = new Map<string, RunningApp>();
  /** An instance started again listens where it did before, as a gateway's upstream list expects. */
  private readonly ports = new Map<string, number>();

  constructor(readonly env: Readonly<Record<string, string>>) {}

  /** Starts an instance; `env` adds to the system's environment for this instance only. */
  async start(name: AppName, instance = 0, env: Readonly<Record<string, string>> = {}): Promise<string> {
    const key = keyOf(name, instance);
    const port = this.ports.get(key) ?? (await freePort());
    this.ports.set(key, port);
    const app = await startBuiltApp({
      main: join(repoRoot, 'apps', name, 'dist', 'main.js'),
      env: { ...process.env, ...this.env, ...env, HOST: '127.0.0.1', [portVariables[name]]: String(port) },
      timeoutMs: 60_000,
    });
    this.apps.set(key, app);
    return app.url;
  }

  /** Where an instance listens, whether it runs or was killed. */
  address(name: AppName, instance = 0): string {
    const port = this.ports.get(keyOf(name, instance));
    if (port === undefined) throw new Error(`${keyOf(name, instance)} was never started`);
    return `127.0.0.1:${port}`;
  }

  /** kill -9, and nothing starts it again: what a crash is until the supervisor acts. */
  async kill(name: AppName, instance = 0): Promise<void> {
    await this.apps.get(keyOf(name, instance))?.kill();
    this.apps.delete(keyOf(name, instance));
  }

  url(name: AppName, instance = 0): string {
    const app = this.apps.get(keyOf(name, instance));
    if (app === undefined) throw new Error(`${keyOf(name, instance)} is not running`);
    return app.url;
  }

  /** The app's process id and whether it still runs: a test that must prove an app survived compares them. */
  process(name: AppName, instance = 0): { pid: number; running: boolean } {
    const app = this.apps.get(keyOf(name, instance));
    if (app === undefined) throw new Error(`${keyOf(name, instance)} is not running`);
    return { pid: app.pid, running: app.isRunning() };
  }

  /** Every log line the app's current process wrote (JSON, one per line). */
  logLines(name: AppName, instance = 0): readonly string[] {
    return this.apps.get(keyOf(name, instance))?.output() ?? [];
  }

  /** kill -9 and start again: what a crash and a process supervisor do. */
  async crashAndRestart(name: AppName, instance = 0): Promise<void> {
    await this.kill(name, instance);
    await this.start(name, instance);
  }

  /** Every app's /health and last log lines: what a failing system test should print. */
  async diagnostics(): Promise<string> {
    const reports = await Promise.all(
      [...this.apps].map(async ([name, app]) => {
        const health = await fetch(`${app.url}/health`).then((response) => response.text(), (error: unknown) => String(error));
        const problems = app.output().filter((line) => /"log\.level":"(warn|error|fatal)"/.test(line)).slice(-5);
        const headers = await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles).catch(() => ({}));
        const operatorReads = ['/projections', '/dead-letters'].map((path) => fetch(`${app.url}${path}`, { headers }).then((response) => response.text(), String));
        const extra = name.startsWith('projector') ? await Promise.all(operatorReads) : [];
        return [`${name} /health: ${health}`, ...extra, ...problems.map((line) => `  ${line.slice(0, 400)}`)].join('\n');
      }),
    );
    return reports.join('\n');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.apps.values()].map((app) => app.stop()));
    this.apps.clear();
  }
}

/** `projector`, and `projector#1` for a second instance. */
function keyOf(name: AppName, instance: number): string {
  return instance === 0 ? name : `${name}#${instance}`;
}
