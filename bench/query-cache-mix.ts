// Q1 under a realistic mix for the query cache: 90 % reads of 200 hot accounts through the cached
// query API, 10 % deposits committed to account_summary as the projector commits them (its
// account-summary projection, one transaction per batch) followed by the projector's own
// invalidation (AccountSummaryInvalidation), so every deposit evicts an account the readers ask
// for. The deposits stand in for command API → relay → Kafka → projector, which the loop layer
// measures; here what counts is the cache's hit ratio and the reads' throughput under invalidation.
import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { connectQueryCacheRedis, RevisionGuardedCache, silentLogger } from '@ledger/projections';
import { accountSummaryProjection, AccountSummaryInvalidation } from '@ledger/projections/accounts';
import { inTransaction } from '@ledger/projections/postgres';
import { type Pool } from 'pg';
import { depositTo } from './account-history';
import type { HttpClient } from './http-client';
import { driveClients, latencySummary, selfMeasuredRow, type SelfMeasuredScenario } from './measure';

const hotAccounts = 200;
const depositShare = 0.1;
const outcomes = ['hit', 'miss', 'bypass', 'error'] as const;

interface HotAccount {
  readonly accountId: string;
  readonly currency: string;
  revision: bigint;
  balanceMinor: bigint;
  /** Deposits of one account are committed in order, as one partition of the projector would. */
  committing: Promise<void>;
}

export interface CachedQueryApi {
  readonly url: string;
  readonly http: HttpClient;
}

async function cacheCounts(url: string): Promise<Record<(typeof outcomes)[number], number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (outcome: string) => Number(new RegExp(`ledger_query_cache_requests_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? Number.NaN);
  return { hit: count('hit'), miss: count('miss'), bypass: count('bypass'), error: count('error') };
}

async function hotAccountsOf(pool: Pool, schema: string): Promise<HotAccount[]> {
  const { rows } = await pool.query<{ account_id: string; currency: string; revision: string; balance_minor: string }>(
    `SELECT account_id, currency, revision::text, balance_minor::text FROM "${schema}".account_summary ORDER BY account_id LIMIT ${hotAccounts}`,
  );
  return rows.map((row) => ({ accountId: row.account_id, currency: row.currency, revision: BigInt(row.revision), balanceMinor: BigInt(row.balance_minor), committing: Promise.resolve() }));
}

export function queryCacheMix(options: { readonly clients: number; readonly pool: Pool; readonly schema: string; readonly redisUrl: string; readonly queryApi: () => Promise<CachedQueryApi> }): SelfMeasuredScenario {
  const name = `query-api-cached-mix-${options.clients}`;
  const description = `${options.clients} clients: 90 % GET /accounts/{id} of ${hotAccounts} accounts through the cached query API, 10 % deposits committed and invalidated as the projector does; ops/s counts the reads`;
  return {
    name,
    description,
    layer: 'query',
    clients: options.clients,
    async run({ warmupMs, durationMs }) {
      const api = await options.queryApi();
      const accounts = await hotAccountsOf(options.pool, options.schema);
      const redis = connectQueryCacheRedis(options.redisUrl, () => undefined);
      const invalidation = new AccountSummaryInvalidation({ cache: new RevisionGuardedCache(redis), logger: silentLogger });
      const projection = accountSummaryProjection({ schema: options.schema });
      let position = 1n << 40n;
      const deposit = (account: HotAccount): Promise<void> => {
        const next = account.committing.then(async () => {
          account.revision += 1n;
          account.balanceMinor += 100n;
          const event: RecordedEvent = { ...depositTo(account.accountId, account.currency, 100n, account.balanceMinor), streamId: accountStreamId(account.accountId), streamRevision: account.revision, position: (position += 1n), recordedAt: new Date() };
          await inTransaction(options.pool, (tx) => projection.applyEvents([event], tx));
          await invalidation.afterCommit([event]);
        });
        account.committing = next.catch(() => undefined);
        return next;
      };
      const readLatencies: number[] = [];
      let reads = 0;
      let deposits = 0;
      let measuring = false;
      const op = async () => {
        const account = accounts[Math.floor(Math.random() * accounts.length)];
        if (account === undefined) throw new Error('no hot accounts');
        if (Math.random() < depositShare) {
          await deposit(account);
          if (measuring) deposits += 1;
          return;
        }
        const started = performance.now();
        const answer = await api.http.get(`/accounts/${account.accountId}`);
        if (answer.status !== 200) throw new Error(`${name}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
        if (measuring) {
          readLatencies.push(performance.now() - started);
          reads += 1;
        }
      };
      try {
        if (warmupMs > 0) await driveClients(options.clients, warmupMs, op);
        const before = await cacheCounts(api.url);
        measuring = true;
        const drive = await driveClients(options.clients, durationMs, op);
        measuring = false;
        const after = await cacheCounts(api.url);
        const delta = Object.fromEntries(outcomes.map((outcome) => [outcome, after[outcome] - before[outcome]])) as Record<(typeof outcomes)[number], number>;
        const total = outcomes.reduce((sum, outcome) => sum + delta[outcome], 0);
        const ratio = total === 0 ? Number.NaN : delta.hit / total;
        const row = selfMeasuredRow('query', {
          name,
          description,
          clients: options.clients,
          ops: reads,
          errors: drive.errors,
          firstError: drive.firstError,
          seconds: drive.seconds,
          opsPerSecond: reads / drive.seconds,
          ...latencySummary(readLatencies),
          compareWith: { baseline: `raw-fastify-${options.clients}`, by: 'ops/s' },
        });
        const note = `${name}: cache hit ratio ${(100 * ratio).toFixed(1)} % of ${total} reads (hit ${delta.hit}, miss ${delta.miss}, bypass ${delta.bypass}, error ${delta.error}) with ${deposits} deposits (${(deposits / drive.seconds).toFixed(0)}/s) invalidating ${hotAccounts} hot accounts`;
        return { rows: [row], notes: [note] };
      } finally {
        invalidation.close();
        redis.disconnect();
      }
    },
  };
}
