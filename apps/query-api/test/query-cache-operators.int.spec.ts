import { AccountFixture } from '@ledger/domain/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { GENERATION_TTL_MS } from '../src/read-models/read-model-generations';
import { queryApiForThisFile, type QueryAnswer } from './query-api.harness';
import { operatedProjector } from './support/operated-projector';
import { cacheOutcomes, outcomesSince, stackRedis } from './support/query-cache';

const none = { hit: 0, miss: 0, bypass: 0, error: 0 };

/**
 * GET /accounts/{id} through the Redis cache after what changes account_summary outside a live
 * batch (docs/operations.md, "Query cache"): an operator's dead-letter retry, and a rebuild that
 * writes another view at the same revision. Each account is read once before, so its view is
 * cached, with a TTL (60 s) far longer than the test.
 */
describe('query API: the cache of account reads after a dead-letter retry and a rebuild', () => {
  const api = queryApiForThisFile({ QUERY_CACHE: 'true', QUERY_CACHE_TTL_SECONDS: '60' });
  const redis = stackRedis();
  let operated: Awaited<ReturnType<typeof operatedProjector>>;

  beforeAll(async () => {
    operated = await operatedProjector(api().schema, redis);
  });
  afterAll(async () => {
    await operated.dispose();
    await redis.quit();
  });

  const read = async (account: AccountFixture) => {
    const before = await cacheOutcomes(api().url);
    const answer: QueryAnswer = await api().get(`/accounts/${account.accountId}`);
    return { status: answer.status, balance: answer.body['balance'], revision: answer.body['revision'], outcomes: outcomesSince(before, await cacheOutcomes(api().url)) };
  };

  it('answers with what a dead-letter retry applied, not the view cached before it', async () => {
    const account = new AccountFixture();
    await operated.deliver(await operated.append(account.opened(), account.deposited(500n, 500n)));
    expect(await read(account)).toEqual({ status: 200, balance: '5.00', revision: 1, outcomes: { ...none, miss: 1 } });
    const [deposit] = await operated.append(account.deposited(200n, 700n));
    if (deposit === undefined) throw new Error('not stored');
    operated.bugs.failing.add(deposit.eventId);
    await operated.deliver([deposit]);
    // Dead-lettered: the read model stays at revision 1, and so does the cached view, rightly.
    expect(await read(account)).toEqual({ status: 200, balance: '5.00', revision: 1, outcomes: { ...none, hit: 1 } });

    operated.bugs.failing.clear();
    const [letter] = (await operated.projector.deadLetters.list({ statuses: ['open'] })).filter((each) => each.streamId === account.streamId);
    const retried = await operated.projector.operations.retry(letter?.id ?? 0, { by: 'operator', reason: null });

    expect(retried).toMatchObject({ outcome: 'retried' });
    expect(await read(account)).toEqual({ status: 200, balance: '7.00', revision: 2, outcomes: { ...none, miss: 1 } });
    expect(await read(account)).toMatchObject({ revision: 2, outcomes: { ...none, hit: 1 } });
  });

  it('answers with the rebuilt view once a rebuild after a fix changed it at the same revision, not the one cached from the replaced read model', async () => {
    const account = new AccountFixture();
    operated.bugs.doubled = true;
    await operated.deliver(await operated.append(account.opened(), account.deposited(500n, 500n)));
    await read(account);
    expect(await read(account)).toEqual({ status: 200, balance: '10.00', revision: 1, outcomes: { ...none, hit: 1 } });

    // The fix ships at the same version; the operator rebuilds (`ledger rebuild account-summary`).
    operated.bugs.doubled = false;
    const rebuild = await operated.projector.rebuilds.start('account-summary');
    expect(await operated.projector.rebuilds.outcomeOf(rebuild.id)).toMatchObject({ state: 'completed' });
    // The swap is learned within this, however many reads there are meanwhile (none here).
    await sleep(GENERATION_TTL_MS);

    expect(await read(account)).toEqual({ status: 200, balance: '5.00', revision: 1, outcomes: { ...none, miss: 1 } });
    expect(await read(account)).toMatchObject({ balance: '5.00', outcomes: { ...none, hit: 1 } });
  });
});
