import type { DynamicModule } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { AppLogger } from '../logging/create-logger';
import { connectionModule } from './connection.module';
import { MongoClientKeeper } from './mongodb-keeper';
import { MongoPoolUsage } from './mongodb-pool-usage';

/** The app's `MongoClient`; `client.db()` is the database named in MONGODB_URL. */
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');

/** What the connection reads from an app's config (`mongodbEnv()` provides both). */
export interface MongodbConnectionConfig {
  readonly mongodbUrl: string;
  /** MONGODB_TIMEOUT_MS: the longest any one operation may wait for the server. */
  readonly mongodbTimeoutMs: number;
}

const keepers = new WeakMap<MongoClient, MongoClientKeeper>();
const poolUsages = new WeakMap<MongoClient, MongoPoolUsage>();

/** Counting starts with the first call, so it is made before the client connects (in `createClient`). */
function poolUsageOf(client: MongoClient): MongoPoolUsage {
  let usage = poolUsages.get(client);
  if (usage === undefined) {
    usage = new MongoPoolUsage(client);
    poolUsages.set(client, usage);
  }
  return usage;
}

/**
 * Every operation has a time budget, so a server that hangs (a deadlocked MongoDB-wire server
 * answers nothing, not even `ping`) fails requests and batches instead of stalling them:
 * - server selection 1.5 s: an unreachable server fails fast (the driver's default is 30 s);
 * - a socket that stays silent for MONGODB_TIMEOUT_MS is closed (the operation fails with a
 *   network timeout, which callers treat as "outcome unknown");
 * - waiting for a pooled connection is bounded by the same budget.
 */
function createClient(config: MongodbConnectionConfig, logger: AppLogger, appName: string): MongoClient {
  const client = new MongoClient(config.mongodbUrl, {
    appName,
    serverSelectionTimeoutMS: 1_500,
    connectTimeoutMS: Math.min(5_000, config.mongodbTimeoutMs),
    socketTimeoutMS: config.mongodbTimeoutMs,
    waitQueueTimeoutMS: config.mongodbTimeoutMs,
  });
  poolUsageOf(client);
  const keeper = new MongoClientKeeper(client, logger);
  keepers.set(client, keeper);
  keeper.start();
  return client;
}

/**
 * A client on MONGODB_URL, connected in the background, checked on /health with `ping`, closed on
 * shutdown. `optional`: the app serves features without MongoDB, so its outage is reported on
 * /health/ready without making the app unready.
 */
export function mongodbConnection(appName: string, { optional = false }: { readonly optional?: boolean } = {}): DynamicModule {
  return connectionModule<MongoClient, MongodbConnectionConfig>({
    token: MONGO_CLIENT,
    name: 'mongodb',
    optional,
    // Boot never waits for MongoDB: the keeper connects when it can, and /health says "down" meanwhile.
    create: (config, logger) => createClient(config, logger, appName),
    check: async (client) => {
      await client.db().command({ ping: 1 });
    },
    close: async (client) => {
      await keepers.get(client)?.stop();
      await client.close();
    },
    poolUsage: (client) => poolUsageOf(client).usage(),
  });
}
