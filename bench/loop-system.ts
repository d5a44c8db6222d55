// The built apps (apps/<name>/dist/main.js) as production runs them, on the bench's stack,
// isolated the way the system tests do it (tests/system/test/system.harness.ts): their own
// event-store, relay and read-model schemas, topic prefix (hence consumer groups) and MongoDB
// database, all removed again by `close`. Started like the bench's command API, not with the
// harness (test code, typed against jest's globals): each is ready once its /health says 200,
// and the bench reads each app's CPU from /proc. With BENCH_CPU_PROF_DIR set, each app runs
// with --cpu-prof and leaves `<app>-<start time>.cpuprofile` there when it stops.
import { connectKafka, parseBrokerList, parseKafkaClient, type KafkaConnection } from '@ledger/messaging';
import { deleteTopics, topicsWithPrefix } from '@ledger/messaging/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { repoRoot } from '../infra/local/src/paths';
import { buildApps, startAppProcess, type CommandApiProcess } from './command-api-process';
import type { BenchContext } from './context';

export const appNames = ['command-api', 'event-relay', 'projector', 'query-api', 'transfer-processor'] as const;
export type AppName = (typeof appNames)[number];

const portVariables: Readonly<Record<AppName, string>> = {
  'command-api': 'COMMAND_API_PORT',
  'event-relay': 'EVENT_RELAY_PORT',
  projector: 'PROJECTOR_PORT',
  'query-api': 'QUERY_API_PORT',
  'transfer-processor': 'TRANSFER_PROCESSOR_PORT',
};

/** CPU seconds used so far (user + system, from /proc) and memory now (from the app's /metrics). */
export interface AppSample {
  readonly cpuSeconds: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

export type Kafka = KafkaConnection;

/**
 * Events per relay batch (RELAY_BATCH_SIZE, set to its default explicitly): the raw baselines
 * of loop-relay read and produce in pages of this size, so it must be what the relay uses.
 */
export const relayBatchSize = 500;

/** What one start of an app may add: settings over the system's, and its stdout lines. */
export interface AppStartOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly onStdoutLine?: (line: string) => void;
}

export interface LoopSystem {
  /** The names this run owns: EVENT_STORE_SCHEMA, READ_MODEL_SCHEMA, RELAY_TOPIC_PREFIX & co. */
  readonly env: Readonly<Record<string, string>>;
  readonly prefix: string;
  /** A client of the same brokers for the bench's own producers and consumers. */
  readonly kafka: Kafka;
  url(name: AppName): string;
  start(name: AppName, options?: AppStartOptions): Promise<void>;
  /** Another instance of an app with the same settings, not tracked: the caller stops (or kills) it. */
  startInstance(name: AppName, options?: AppStartOptions): Promise<CommandApiProcess>;
  stop(name: AppName): Promise<void>;
  sample(names?: readonly AppName[]): Promise<Partial<Record<AppName, AppSample>>>;
  close(): Promise<void>;
}

/** `nx run-many -t build` of the apps (cached after the first time). */
export function buildLoopApps(): void {
  buildApps(appNames);
}

export function loopSystem(context: BenchContext): LoopSystem {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const prefix = `bench_${suffix}`;
  const mongo = new URL(context.mongodbUrl);
  mongo.pathname = `/bench_${suffix}`;
  const env: Record<string, string> = {
    DATABASE_URL: context.databaseUrl,
    KAFKA_BROKERS: context.kafkaBrokers,
    AUTH_ISSUER: context.issuer,
    MONGODB_URL: mongo.href,
    EVENT_STORE_SCHEMA: `bench_events_${suffix}`,
    RELAY_CHECKPOINT_SCHEMA: `bench_relay_${suffix}`,
    READ_MODEL_SCHEMA: `bench_read_${suffix}`,
    RELAY_TOPIC_PREFIX: prefix,
    RELAY_BATCH_SIZE: String(relayBatchSize),
    PROJECTOR_TOPIC_PREFIX: prefix,
  };
  const kafka = connectKafka({ brokers: parseBrokerList(context.kafkaBrokers), clientId: 'ledger-bench', client: parseKafkaClient(process.env['KAFKA_CLIENT']) });
  const apps = new Map<AppName, CommandApiProcess>();
  const profiles = process.env['BENCH_CPU_PROF_DIR'];

  const url = (name: AppName): string => {
    const app = apps.get(name);
    if (app === undefined) throw new Error(`${name} is not running`);
    return app.url;
  };
  const stop = async (name: AppName): Promise<void> => {
    const app = apps.get(name);
    apps.delete(name);
    await app?.stop();
  };
  const sampleOf = async (name: AppName): Promise<AppSample> => {
    const app = apps.get(name);
    if (app === undefined) throw new Error(`${name} is not running`);
    const cpuSeconds = app.cpuSeconds();
    return { cpuSeconds, ...(await app.memory()) };
  };

  const startInstance = (name: AppName, options: AppStartOptions = {}): Promise<CommandApiProcess> => {
    const { onStdoutLine } = options;
    return startAppProcess({
      app: name,
      portVariable: portVariables[name],
      env: { ...env, ...options.env },
      ...(onStdoutLine === undefined ? {} : { onStdoutLine }),
      ...(profiles === undefined ? {} : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profiles}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`, join(repoRoot, 'apps', name, 'dist/main.js')] }),
    });
  };

  return {
    env,
    prefix,
    kafka,
    url,
    start: async (name, options = {}) => {
      apps.set(name, await startInstance(name, options));
    },
    startInstance,
    stop,
    sample: async (names = [...apps.keys()]) => Object.fromEntries(await Promise.all(names.map(async (name) => [name, await sampleOf(name)] as const))),
    close: async () => {
      await Promise.all([...apps.keys()].map(stop));
      const pool = new Pool({ connectionString: context.databaseUrl, max: 1 });
      try {
        for (const schema of ['EVENT_STORE_SCHEMA', 'RELAY_CHECKPOINT_SCHEMA', 'READ_MODEL_SCHEMA']) {
          await pool.query(`DROP SCHEMA IF EXISTS "${env[schema] ?? ''}" CASCADE`);
        }
      } finally {
        await pool.end();
      }
      const client = new MongoClient(mongo.href, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.db().dropDatabase();
      } finally {
        await client.close();
      }
      await deleteTopics(kafka, [...(await topicsWithPrefix(kafka, prefix)), ...(await topicsWithPrefix(kafka, `ledger.dead-letters.${prefix}`))]);
      {
        // A group whose last member is still leaving cannot be deleted yet: list and try again.
        for (let attempt = 1; ; attempt += 1) {
          const groups = (await kafka.listGroups()).filter((id) => id.startsWith(prefix));
          if (groups.length === 0) break;
          const deleted = await kafka.deleteGroups(groups).then(
            () => true,
            (error: unknown) => (attempt < 5 ? false : Promise.reject(error instanceof Error ? error : new Error(String(error)))),
          );
          if (deleted) break;
          await sleep(2_000);
        }
      }
    },
  };
}
