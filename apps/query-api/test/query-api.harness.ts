import { createApp, loadConfig } from '@ledger/platform';
import { withTestToken } from '@ledger/platform/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MongoClient, type Collection } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { queryApiConfigSchema } from '../src/query-api.config';
import { queryApiDefinition } from '../src/query-api.definition';
import type { PortfolioDocument } from '../src/read-models/customer-portfolios';
import { migrateReadModels } from '@ledger/projections/postgres';

export interface QueryAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** The query API on a free port over its own read-model schema and MongoDB database. */
export interface QueryApiUnderTest {
  /** As the test teller unless `headers` has its own `authorization` (`''` sends none), with a token from the stack's provider. */
  get(path: string, headers?: Record<string, string>): Promise<QueryAnswer>;
  readonly url: string;
  readonly app: NestFastifyApplication;
  /** For seeding rows the way the projector would write them. */
  readonly pool: Pool;
  readonly schema: string;
  readonly portfolios: Collection<PortfolioDocument>;
}

/**
 * One query API per test file, started in beforeAll and torn down (schema, database) in afterAll;
 * `env` overrides its configuration.
 */
export function queryApiForThisFile(env: Readonly<Record<string, string>> = {}): () => QueryApiUnderTest {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const schema = `query_api_${suffix}`;
  const mongoUrl = new URL(process.env['MONGODB_URL'] ?? 'mongodb://127.0.0.1:27018/ledger');
  mongoUrl.pathname = `/query_api_${suffix}`;
  let subject: QueryApiUnderTest | undefined;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    await migrateReadModels(pool, schema);
    const mongo = new MongoClient(mongoUrl.href);
    const config = loadConfig(queryApiConfigSchema, {
      ...process.env,
      HOST: '127.0.0.1',
      READ_MODEL_SCHEMA: schema,
      MONGODB_URL: mongoUrl.href,
      LOG_LEVEL: 'warn',
      ...env,
    });
    const app = await createApp(queryApiDefinition(config));
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    subject = {
      url,
      app,
      pool,
      schema,
      portfolios: mongo.db().collection<PortfolioDocument>('customer_portfolios'),
      get: async (path, headers) => {
        const response = await fetch(`${url}${path}`, { headers: await withTestToken(headers) });
        return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
      },
    };
    close = async () => {
      await app.close();
      await mongo.db().dropDatabase();
      await mongo.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    };
  });
  afterAll(() => close());

  return () => {
    if (subject === undefined) throw new Error('the query API is started in beforeAll');
    return subject;
  };
}
