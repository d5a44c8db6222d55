import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { LOCAL_REDIS_URL } from '@ledger/platform';
import { RevisionGuardedCache, silentLogger } from '@ledger/projections';
import { AccountSummaryInvalidation } from '@ledger/projections/accounts';
import { inTransaction, PostgresReadModelStore, PostgresUnitOfWork, ProjectionVersions } from '@ledger/projections/postgres';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { type Pool } from 'pg';

/** The stack's Redis, where the query API under test keeps its cache. */
export function stackRedis(): Redis {
  const redis = new Redis(process.env['REDIS_URL'] ?? LOCAL_REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return redis;
}

/** An account's summary row and its guard at `revision`, as the projector leaves them; balance in cents. */
export async function seedAccount(pool: Pool, schema: string, ownerId: string, revision = 1, balanceMinor = 500): Promise<string> {
  const accountId = randomUUID();
  await pool.query(`INSERT INTO "${schema}".account_summary VALUES ($1, $2, 'EUR', $3, 'open', $4, '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')`, [
    accountId,
    ownerId,
    balanceMinor,
    revision,
  ]);
  await pool.query(`INSERT INTO "${schema}".projection_stream_revisions VALUES ('account-summary', $1, $2)`, [accountStreamId(accountId), revision]);
  return accountId;
}

/**
 * The projector's side of the cache: `commit` applies a revision of an account as an
 * account-summary batch does (row, guard and NOTIFY in one transaction), and `invalidate` runs
 * the side effect the projector runs after that commit.
 */
export function projectorFor(pool: Pool, schema: string, redis: Redis) {
  const invalidation = new AccountSummaryInvalidation({ cache: new RevisionGuardedCache(redis), logger: silentLogger });
  const eventAt = (accountId: string, revision: bigint): RecordedEvent => ({
    eventId: randomUUID(),
    type: 'ledger.account.money-deposited',
    schemaVersion: 1,
    streamId: accountStreamId(accountId),
    streamRevision: revision,
    position: revision,
    data: {},
    metadata: {},
    recordedAt: new Date(),
  });
  const commit = async (accountId: string, revision: bigint, balanceMinor: number): Promise<RecordedEvent> => {
    const event = eventAt(accountId, revision);
    const store = new PostgresReadModelStore({
      schema,
      guard: 'account-summary',
      projection: {
        applyEvents: async (_events, tx) => {
          await tx.query(`UPDATE "${schema}".account_summary SET balance_minor = $2, revision = $3, updated_at = now() WHERE account_id = $1`, [accountId, balanceMinor, revision.toString()]);
        },
      },
    });
    await inTransaction(pool, (tx) => store.writerFor(new PostgresUnitOfWork(tx, new ProjectionVersions(schema))).apply([event]));
    return event;
  };
  return {
    commit,
    invalidate: (event: RecordedEvent) => invalidation.afterCommit([event]),
    /** A commit and its side effect, as a batch of the live projector. */
    project: async (accountId: string, revision: bigint, balanceMinor: number) => invalidation.afterCommit([await commit(accountId, revision, balanceMinor)]),
  };
}

export type CacheOutcomes = Record<'hit' | 'miss' | 'bypass' | 'error', number>;

/** `ledger_query_cache_requests_total` by outcome, as /metrics shows it now. */
export async function cacheOutcomes(url: string): Promise<CacheOutcomes> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (outcome: string) => Number(new RegExp(`ledger_query_cache_requests_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? Number.NaN);
  return { hit: count('hit'), miss: count('miss'), bypass: count('bypass'), error: count('error') };
}

/** What changed between two readings of the counters. */
export function outcomesSince(before: CacheOutcomes, after: CacheOutcomes): CacheOutcomes {
  return { hit: after.hit - before.hit, miss: after.miss - before.miss, bypass: after.bypass - before.bypass, error: after.error - before.error };
}
