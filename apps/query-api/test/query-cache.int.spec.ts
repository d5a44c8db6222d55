import { eventually } from '@ledger/event-store/testing';
import { bearerFor } from '@ledger/platform/testing';
import { accountSummaryCacheKey } from '@ledger/projections/accounts';
import { randomUUID } from 'node:crypto';
import { AccountSummaries, type AccountSummaryRow } from '../src/read-models/account-summaries';
import { RevisionWaiters } from '../src/read-models/revision-waiters';
import { queryApiForThisFile, type QueryAnswer } from './query-api.harness';
import { cacheOutcomes, outcomesSince, projectorFor, seedAccount, stackRedis } from './support/query-cache';

const none = { hit: 0, miss: 0, bypass: 0, error: 0 };

/**
 * GET /accounts/{id} through the Redis cache (docs/operations.md, "Query cache"), with the
 * stack's Redis and PostgreSQL. A row changed behind the cache's back (no invalidation) is how
 * a test tells an answer from Redis from one from the database.
 */
describe('query API: the Redis cache of account reads', () => {
  // The re-check outlasts every wait here: a waiter is answered by the commit's NOTIFY only.
  const api = queryApiForThisFile({ QUERY_CACHE: 'true', QUERY_CACHE_TTL_SECONDS: '60', READ_YOUR_WRITES_RECHECK_MS: '60000' });
  const redis = stackRedis();
  const projector = () => projectorFor(api().pool, api().schema, redis);
  const seed = (ownerId = `owner-${randomUUID().slice(0, 8)}`, revision = 1) => seedAccount(api().pool, api().schema, ownerId, revision);
  const changeBehindTheCache = (accountId: string, balanceMinor: number) =>
    api().pool.query(`UPDATE "${api().schema}".account_summary SET balance_minor = $2 WHERE account_id = $1`, [accountId, balanceMinor]);
  const account = (answer: QueryAnswer) => ({ status: answer.status, balance: answer.body['balance'], revision: answer.body['revision'] });
  /** The reads `read` makes, with what the cache did for them. */
  const counting = async <T>(read: () => Promise<T>) => {
    const before = await cacheOutcomes(api().url);
    const result = await read();
    return { result, outcomes: outcomesSince(before, await cacheOutcomes(api().url)) };
  };
  afterAll(() => redis.quit());

  it('answers the second read of an account from Redis, byte for byte as the first', async () => {
    const accountId = await seed();
    const first = await counting(() => api().get(`/accounts/${accountId}`));
    await changeBehindTheCache(accountId, 999);
    const second = await counting(() => api().get(`/accounts/${accountId}`));

    expect(first.outcomes).toEqual({ ...none, miss: 1 });
    expect(second.outcomes).toEqual({ ...none, hit: 1 });
    expect(second.result.body).toEqual(first.result.body);
    expect(account(second.result)).toEqual({ status: 200, balance: '5.00', revision: 1 });
    expect(await redis.hget(accountSummaryCacheKey(accountId), 'revision')).toBe('1');
    expect(await redis.pttl(accountSummaryCacheKey(accountId))).toBeGreaterThan(50_000);
  });

  it('serves the new revision once the projector’s commit has run its invalidation', async () => {
    const accountId = await seed();
    await api().get(`/accounts/${accountId}`);

    await projector().project(accountId, 2n, 700);
    const afterCommit = await counting(() => api().get(`/accounts/${accountId}`));
    const again = await counting(() => api().get(`/accounts/${accountId}`));

    expect(account(afterCommit.result)).toEqual({ status: 200, balance: '7.00', revision: 2 });
    expect(afterCommit.outcomes).toEqual({ ...none, miss: 1 });
    expect(again.outcomes).toEqual({ ...none, hit: 1 });
  });

  it('never answers a minRevision above the cached revision from the cache: it waits for the read model and reads it', async () => {
    const accountId = await seed();
    await api().get(`/accounts/${accountId}`);
    // Committed, its invalidation not run yet: the window a client holding revision 2 must not fall into.
    await projector().commit(accountId, 2n, 700);

    const plain = await counting(() => api().get(`/accounts/${accountId}`));
    const atTwo = await counting(() => api().get(`/accounts/${accountId}?minRevision=2`));
    const waiting = api().get(`/accounts/${accountId}?minRevision=3&timeoutMs=30000`);
    await eventually(() => Promise.resolve(api().app.get(RevisionWaiters).size), (size) => size === 1);
    await projector().commit(accountId, 3n, 900);

    expect(account(plain.result)).toEqual({ status: 200, balance: '5.00', revision: 1 });
    expect(account(atTwo.result)).toEqual({ status: 200, balance: '7.00', revision: 2 });
    expect(atTwo.outcomes).toEqual({ ...none, bypass: 1 });
    expect(account(await waiting)).toEqual({ status: 200, balance: '9.00', revision: 3 });
  });

  it('answers minRevision at or below the cached revision from the cache, without waiting', async () => {
    const accountId = await seed(undefined, 4);
    await api().get(`/accounts/${accountId}`);
    await changeBehindTheCache(accountId, 999);

    const read = await counting(() => api().get(`/accounts/${accountId}?minRevision=4&timeoutMs=0`));

    expect(read.outcomes).toEqual({ ...none, hit: 1 });
    expect(account(read.result)).toEqual({ status: 200, balance: '5.00', revision: 4 });
  });

  it('does not write back a revision the projector replaced while the read was at the database', async () => {
    const accountId = await seed();
    const summaries = api().app.get(AccountSummaries);
    const find = summaries.find.bind(summaries);
    // The interleaving: the read loads revision 1, then the projector commits 2 and invalidates, then the read fills.
    const spy = jest.spyOn(summaries, 'find').mockImplementationOnce(async (id: string): Promise<AccountSummaryRow | undefined> => {
      const row = await find(id);
      await projector().project(accountId, 2n, 700);
      return row;
    });

    const raced = await api().get(`/accounts/${accountId}`);
    spy.mockRestore();
    const next = await counting(() => api().get(`/accounts/${accountId}`));

    expect(account(raced)).toEqual({ status: 200, balance: '5.00', revision: 1 });
    expect(account(next.result)).toEqual({ status: 200, balance: '7.00', revision: 2 });
    expect(next.outcomes).toEqual({ ...none, miss: 1 });
  });

  it('answers a customer’s read of another owner’s cached account exactly as an unknown one, with or without minRevision', async () => {
    const alice = `alice-${randomUUID().slice(0, 8)}`;
    const intruder = await bearerFor(`bob-${randomUUID().slice(0, 8)}`, ['customer']);
    const accountId = await seed(alice);
    const unknown = randomUUID();
    const answersTo = async (query: string) => {
      const [someoneElses, nobodys] = [await api().get(`/accounts/${accountId}${query}`, intruder), await api().get(`/accounts/${unknown}${query}`, intruder)];
      return { someoneElses: { status: someoneElses.status, body: JSON.stringify(someoneElses.body).replaceAll(accountId, '<id>') }, nobodys: { status: nobodys.status, body: JSON.stringify(nobodys.body).replaceAll(unknown, '<id>') } };
    };
    const uncached = await answersTo('');

    const own = await api().get(`/accounts/${accountId}`, await bearerFor(alice, ['customer']));
    expect(await redis.hget(accountSummaryCacheKey(accountId), 'view')).not.toBeNull();
    const cached = await counting(() => answersTo(''));
    const waited = await answersTo('?minRevision=1&timeoutMs=200');

    expect(own.status).toBe(200);
    expect(uncached.someoneElses).toEqual(uncached.nobodys);
    expect(cached.result.someoneElses).toEqual(cached.result.nobodys);
    expect(cached.result.someoneElses).toEqual(uncached.someoneElses);
    expect(cached.result.someoneElses.status).toBe(404);
    expect(cached.outcomes).toEqual({ ...none, bypass: 1, miss: 1 });
    expect(waited.someoneElses).toEqual(waited.nobodys);
    expect(JSON.parse(waited.someoneElses.body)).toMatchObject({ code: 'READ_MODEL_BEHIND', appliedRevision: null });
  });
});
