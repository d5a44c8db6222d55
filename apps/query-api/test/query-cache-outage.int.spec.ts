import { eventually } from '@ledger/event-store/testing';
import { createApp, LOCAL_REDIS_URL, loadConfig } from '@ledger/platform';
import { withTestToken } from '@ledger/platform/testing';
import { connectQueryCacheRedis } from '@ledger/projections';
import { migrateReadModels } from '@ledger/projections/postgres';
import { type Redis } from 'ioredis';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { queryApiConfigSchema } from '../src/query-api.config';
import { queryApiDefinition } from '../src/query-api.definition';
import { cacheOutcomes, outcomesSince, projectorFor, seedAccount } from './support/query-cache';
import { tcpRelay, type TcpRelay } from './support/tcp-relay';

/**
 * The query cache's Redis reached through a relay this file cuts, by the query API and the
 * projector alike: while it is away every account read still answers, from the database, counted
 * as `error`; once it is back the projector's owed tombstones arrive and the cache serves again,
 * the new revision, not the view cached before the outage.
 */
describe('query API: account reads while the query cache’s Redis is away', () => {
  const schema = `query_cache_outage_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let relay: TcpRelay;
  let pool: Pool;
  let app: NestFastifyApplication;
  let url: string;
  /** The projector's client, through the same relay: its tombstones are owed while Redis is away. */
  let projectorRedis: Redis;

  beforeAll(async () => {
    relay = await tcpRelay(process.env['REDIS_URL'] ?? LOCAL_REDIS_URL);
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    await migrateReadModels(pool, schema);
    // The rate limits lose their Redis too, as in a real outage: they count per instance meanwhile.
    const config = loadConfig(queryApiConfigSchema, { ...process.env, HOST: '127.0.0.1', READ_MODEL_SCHEMA: schema, REDIS_URL: relay.url, QUERY_CACHE: 'true', LOG_LEVEL: 'silent' });
    app = await createApp(queryApiDefinition(config));
    projectorRedis = connectQueryCacheRedis(relay.url, () => undefined);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    projectorRedis.disconnect();
    await relay.dispose();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const read = async (accountId: string) => {
    const response = await fetch(`${url}/accounts/${accountId}`, { headers: await withTestToken() });
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, balance: body['balance'] };
  };
  const counting = async <T>(reads: () => Promise<T>) => {
    const before = await cacheOutcomes(url);
    const result = await reads();
    return { result, outcomes: outcomesSince(before, await cacheOutcomes(url)) };
  };

  it('answers from the database while Redis is cut, counting each read as an error; then serves the new revision from the cache again', async () => {
    const accountId = await seedAccount(pool, schema, `owner-${randomUUID().slice(0, 8)}`);
    // The clients connect in the background: the first reads may find Redis not ready yet.
    await eventually(() => counting(() => read(accountId)), ({ outcomes }) => outcomes.hit === 1);

    await relay.cut();
    await projectorFor(pool, schema, projectorRedis).project(accountId, 2n, 700);
    const away = await counting(async () => [await read(accountId), await read(accountId), await read(accountId)]);

    expect(away.result).toEqual([1, 2, 3].map(() => ({ status: 200, balance: '7.00' })));
    expect(away.outcomes).toEqual({ hit: 0, miss: 0, bypass: 0, error: 3 });

    await relay.restore();
    const back = await eventually(() => counting(() => read(accountId)), ({ outcomes }) => outcomes.hit === 1);
    expect(back.result).toEqual({ status: 200, balance: '7.00' });
  });
});
