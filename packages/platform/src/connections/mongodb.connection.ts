import type { DynamicModule } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { connectionModule } from './connection.module';

/** The app's `MongoClient`; `client.db()` is the database named in MONGODB_URL. */
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');

/** A client on MONGODB_URL, checked on /health with `ping`, closed on shutdown. */
export function mongodbConnection(appName: string): DynamicModule {
  return connectionModule<MongoClient, { readonly mongodbUrl: string }>({
    token: MONGO_CLIENT,
    name: 'mongodb',
    // The driver connects on first use, so boot never waits for MongoDB; the short server
    // selection timeout fails a request (or /health) in 1.5 s instead of the default 30 s.
    create: (config) => new MongoClient(config.mongodbUrl, { appName, serverSelectionTimeoutMS: 1_500 }),
    check: async (client) => {
      await client.db().command({ ping: 1 });
    },
    close: (client) => client.close(),
  });
}
