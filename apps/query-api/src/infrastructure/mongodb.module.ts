import { APP_CONFIG, HealthChecks } from '@ledger/platform';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { QueryApiConfig } from '../query-api.config';

/** The app's `MongoClient`; `client.db()` is the database named in MONGODB_URL. */
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');

function createClient(config: QueryApiConfig): MongoClient {
  // The driver connects on first use, so boot never waits for MongoDB; the short server
  // selection timeout makes an unreachable server fail a request (or /health) in 1.5 s
  // instead of the driver's default 30 s.
  return new MongoClient(config.mongodbUrl, { appName: 'query-api', serverSelectionTimeoutMS: 1_500 });
}

/** Owns the MongoDB client: reports it on /health (a `ping`), closes it on shutdown. */
@Module({
  providers: [{ provide: MONGO_CLIENT, inject: [APP_CONFIG], useFactory: createClient }],
  exports: [MONGO_CLIENT],
})
export class MongoDbModule implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient, healthChecks: HealthChecks) {
    healthChecks.register({
      name: 'mongodb',
      check: async () => {
        await client.db().command({ ping: 1 });
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
