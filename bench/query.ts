// Q1: GET /accounts/{id} through the query API (apps/query-api/dist/main.js, as production runs
// it) against the same lookup on a bare Fastify route (raw-fastify-server.ts), both child
// processes on 127.0.0.1 reading one read-model schema of this run. The account_summary rows
// are created by the projector's own migrations and written by its account-summary projection
// from account events, so the table and its rows have the real shape. Throughput ratio by ops/s.
import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { accountSummaryProjection } from '@ledger/projections/accounts';
import { inTransaction, migrateReadModels } from '@ledger/projections/postgres';
import { join } from 'node:path';
import { Pool } from 'pg';
import { repoRoot } from '../infra/local/src/paths';
import { buildApps, startAppProcess, type CommandApiProcess } from './command-api-process';
import { accountHistory, newAccountId } from './account-history';
import type { BenchContext } from './context';
import { httpClient, type HttpClient } from './http-client';
import type { Layer, Scenario } from './measure';
import { queryCacheMix } from './query-cache-mix';

const accountCount = 1_000;
const currencies = ['EUR', 'USD', 'JPY'] as const;
const warmUpLookups = 5_000;
/**
 * The query API's pool: postgresConnection's default (packages/platform), as its config has no
 * DATABASE_POOL_SIZE. The baseline gets as many connections.
 */
const queryApiPoolSize = 10;

interface Server {
  readonly process: CommandApiProcess;
  readonly http: HttpClient;
}

interface Servers {
  readonly accounts: readonly string[];
  /** With its Redis cache off (QUERY_CACHE=false): Q1 as it was measured before the cache. */
  readonly queryApi: Server;
  /** With the cache on, its default: after the warm-up every account is cached. */
  readonly queryApiCached: Server;
  readonly raw: Server;
  /** The baseline that also verifies the bearer token, as every app does: the price of verification. */
  readonly rawVerifying: Server;
}

/** An account's opening and a few deposits, as the event store would hand them to the projector. */
function recordedHistory(index: number, nextPosition: () => bigint): RecordedEvent[] {
  const accountId = newAccountId();
  const deposits = Array.from({ length: 1 + (index % 5) }, (_, deposit) => BigInt(1 + ((index * 7919 + (deposit + 1) * 104_729) % 100_000)));
  const recordedAt = new Date();
  return accountHistory(accountId, currencies[index % currencies.length] ?? 'EUR', deposits).map((event, revision) => ({
    ...event,
    streamId: accountStreamId(accountId),
    streamRevision: BigInt(revision),
    position: nextPosition(),
    recordedAt,
  }));
}

function expectOk(status: number, text: string, what: string): string {
  if (status !== 200) throw new Error(`${what}: HTTP ${status} ${text.slice(0, 200)}`);
  return text;
}

async function stopServers(servers: Servers): Promise<void> {
  for (const server of [servers.queryApi, servers.queryApiCached, servers.raw, servers.rawVerifying]) {
    server.http.close();
    await server.process.stop();
  }
}

export function queryLayer(context: BenchContext): Layer {
  const readModelSchema = `${context.schema}_query`;
  const pool = new Pool({ connectionString: context.databaseUrl, max: 2 });
  let started: Promise<Servers> | undefined;

  /** Fills account_summary through the projection, one transaction like a projector batch. */
  const seed = async (): Promise<string[]> => {
    await migrateReadModels(pool, readModelSchema);
    let position = 0n;
    const events = Array.from({ length: accountCount }, (_, index) => recordedHistory(index, () => (position += 1n))).flat();
    const projection = accountSummaryProjection({ schema: readModelSchema });
    await inTransaction(pool, (client) => projection.applyEvents(events, client));
    await pool.query(`ANALYZE "${readModelSchema}".account_summary`);
    const { rows } = await pool.query<{ account_id: string }>(`SELECT account_id FROM "${readModelSchema}".account_summary`);
    if (rows.length !== accountCount) throw new Error(`account_summary holds ${rows.length} rows, not ${accountCount}`);
    return rows.map((row) => row.account_id);
  };

  const startServers = async (): Promise<Servers> => {
    const accounts = await seed();
    const env = { DATABASE_URL: context.databaseUrl, AUTH_ISSUER: context.issuer, READ_MODEL_SCHEMA: readModelSchema };
    const rawServer = (verifyTokens: boolean) =>
      startAppProcess({
        app: 'raw-fastify',
        portVariable: 'RAW_FASTIFY_PORT',
        env: { ...env, DATABASE_POOL_SIZE: String(queryApiPoolSize), ...(verifyTokens ? { RAW_VERIFY_TOKENS: '1' } : {}) },
        nodeArgs: ['--import', 'tsx', '--conditions=@ledger/source', join(repoRoot, 'bench/raw-fastify-server.ts')],
      });
    const queryApiServer = (cache: boolean) =>
      startAppProcess({ app: 'query-api', portVariable: 'QUERY_API_PORT', env: { ...env, MONGODB_URL: context.mongodbUrl, QUERY_CACHE: String(cache) } });
    const outcomes = await Promise.allSettled([queryApiServer(false), queryApiServer(true), rawServer(false), rawServer(true)]);
    const [queryApi, queryApiCached, raw, rawVerifying] = outcomes;
    if (queryApi.status === 'rejected' || queryApiCached.status === 'rejected' || raw.status === 'rejected' || rawVerifying.status === 'rejected') {
      await Promise.all(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : Promise.resolve())));
      const reason: unknown = outcomes.find((outcome) => outcome.status === 'rejected')?.reason;
      throw reason instanceof Error ? reason : new Error(String(reason));
    }
    // The same bearer token to every server, so all parse the same request; the baseline ignores it.
    const serverOf = (process: CommandApiProcess): Server => ({ process, http: httpClient(process.url, context.clients, context.tokens.teller) });
    const servers: Servers = {
      accounts,
      queryApi: serverOf(queryApi.value),
      queryApiCached: serverOf(queryApiCached.value),
      raw: serverOf(raw.value),
      rawVerifying: serverOf(rawVerifying.value),
    };
    // Every seeded account is asked of both, several times, before anything is measured: the
    // baseline must answer what the API answers, byte for byte, or the ratio compares less work;
    // and neither server then pays for a cold JIT in the first row that measures it (the 1-client
    // rows, after a warm-up of only --warmup).
    const compareAll = Promise.all(
      Array.from({ length: context.clients }, async (_, client) => {
        for (let index = client; index < warmUpLookups; index += context.clients) {
          const path = `/accounts/${accounts[index % accounts.length] ?? ''}`;
          const [fromApi, fromCached, fromRaw, fromVerifying] = await Promise.all([
            servers.queryApi.http.get(path),
            servers.queryApiCached.http.get(path),
            servers.raw.http.get(path),
            servers.rawVerifying.http.get(path),
          ]);
          const api = expectOk(fromApi.status, fromApi.text, 'query API');
          const others = [expectOk(fromCached.status, fromCached.text, 'cached query API'), expectOk(fromRaw.status, fromRaw.text, 'raw Fastify'), expectOk(fromVerifying.status, fromVerifying.text, 'raw Fastify verifying tokens')];
          if (others.some((other) => other !== api)) {
            throw new Error(`a server answers differently from the query API:\n  API ${fromApi.text}\n  cached ${fromCached.text}\n  raw ${fromRaw.text}\n  raw+jwt ${fromVerifying.text}`);
          }
        }
      }),
    );
    await compareAll.catch(async (error: unknown) => {
      await stopServers(servers);
      throw error;
    });
    return servers;
  };
  const servers = (): Promise<Servers> => (started ??= startServers());

  const lookups = (which: 'raw' | 'rawVerifying' | 'queryApi' | 'queryApiCached', name: string, description: string, clients: number): Scenario => {
    let running: Servers | undefined;
    return {
      name,
      description,
      layer: 'query',
      clients,
      compareWith: { baseline: `raw-fastify-${clients}`, by: 'ops/s' },
      setUp: async () => {
        running = await servers();
      },
      op: async () => {
        if (running === undefined) throw new Error(`${name} is not set up`);
        const accountId = running.accounts[Math.floor(Math.random() * running.accounts.length)];
        const answer = await running[which].http.get(`/accounts/${accountId}`);
        expectOk(answer.status, answer.text, name);
      },
      get server() {
        return running?.[which].process;
      },
    };
  };

  const pair = (clients: number): Scenario[] => {
    const each = `GET /accounts/{id}, ${clients} client${clients === 1 ? '' : 's'}, a random one of ${accountCount} accounts`;
    return [
      lookups('raw', `raw-fastify-${clients}`, `${each}: bare Fastify + pg, the API's SQL (the Q1 baseline)`, clients),
      lookups('rawVerifying', `raw-fastify-jwt-${clients}`, `${each}: the baseline that also verifies the bearer token (JWKS cached), the price of authentication`, clients),
      lookups('queryApi', `query-api-${clients}`, `${each}: the query API, cache off (Q1; vs raw-fastify-${clients} by ops/s)`, clients),
      lookups('queryApiCached', `query-api-cached-${clients}`, `${each}: the query API with its Redis cache, every account cached (vs raw-fastify-${clients} by ops/s)`, clients),
    ];
  };
  const mix = queryCacheMix({
    clients: context.clients,
    pool,
    schema: readModelSchema,
    // The query API processes inherit this environment, and default to the local stack's Redis as here.
    redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:16379',
    queryApi: async () => {
      const { queryApiCached } = await servers();
      return { url: queryApiCached.process.url, http: queryApiCached.http };
    },
  });

  return {
    // The mix comes last: its deposits change the balances the other rows compare byte for byte.
    scenarios: [...(context.clients === 1 ? pair(1) : [...pair(1), ...pair(context.clients)]), mix],
    prepare: () => {
      process.stderr.write('[bench] building the query API (nx run query-api:build, cached)…\n');
      buildApps(['query-api']);
      return Promise.resolve();
    },
    close: async () => {
      const running = await started?.catch(() => undefined);
      if (running !== undefined) await stopServers(running);
      await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}
