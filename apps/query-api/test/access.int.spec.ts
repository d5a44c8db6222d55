import { accountStreamId } from '@ledger/domain';
import { bearerFor } from '@ledger/platform/testing';
import { randomUUID } from 'node:crypto';
import { queryApiForThisFile, type QueryAnswer, type QueryApiUnderTest } from './query-api.harness';

/** An account as both PostgreSQL projections write it: its summary and one deposit, each with its guard at revision 1. */
async function seedAccount(api: QueryApiUnderTest, ownerId: string, accountId = randomUUID()): Promise<string> {
  await api.pool.query(
    `INSERT INTO "${api.schema}".account_summary VALUES ($1, $2, 'EUR', 500, 'open', 1, '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')`,
    [accountId, ownerId],
  );
  await api.pool.query(`INSERT INTO "${api.schema}".account_transactions VALUES ($1, 1, 'deposit', 500, 'EUR', 500, NULL, '2026-11-23T10:00:00Z')`, [accountId]);
  for (const projection of ['account-summary', 'account-transactions']) {
    await api.pool.query(`INSERT INTO "${api.schema}".projection_stream_revisions VALUES ($1, $2, 1)`, [projection, accountStreamId(accountId)]);
  }
  return accountId;
}

async function seedPortfolio(api: QueryApiUnderTest, ownerId: string, accountId: string): Promise<void> {
  await api.portfolios.insertOne({
    _id: ownerId,
    ownerId,
    accounts: { [accountId]: { accountId, currency: 'EUR', balanceMinor: '500', status: 'open', revision: 1 } },
    updatedAt: new Date('2026-11-23T12:00:00Z'),
  });
}

const problemOf = (answer: QueryAnswer) => ({ status: answer.status, code: answer.body['code'] });
const accountIdsIn = (answer: QueryAnswer) => (answer.body['items'] as { accountId: string }[]).map((item) => item.accountId).sort();

/** API.md "Identity and access" on the query side: customers see their own, tellers everyone's, operators nothing. */
describe('query API: identity and access', () => {
  const api = queryApiForThisFile();
  const alice = `alice-${randomUUID().slice(0, 8)}`;
  const bob = `bob-${randomUUID().slice(0, 8)}`;
  let aliceAccount: string;
  let bobAccounts: string[];

  beforeAll(async () => {
    aliceAccount = await seedAccount(api(), alice);
    bobAccounts = [await seedAccount(api(), bob), await seedAccount(api(), bob)];
    await seedPortfolio(api(), alice, aliceAccount);
    await seedPortfolio(api(), bob, bobAccounts[0] ?? '');
  });

  const everyRead = () => [
    `/accounts/${aliceAccount}`,
    `/accounts/${aliceAccount}?minRevision=1`,
    `/accounts/${aliceAccount}/transactions`,
    `/accounts/${aliceAccount}/transactions?minRevision=1`,
    `/accounts?ownerId=${alice}`,
    `/customers/${alice}/portfolio`,
  ];

  it('answers every read 401 without a token and 403 to an operator or a token without a Ledger role', async () => {
    for (const path of everyRead()) {
      const anonymous = await api().get(path, { authorization: '' });
      expect({ path, ...problemOf(anonymous) }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="ledger"');
      expect({ path, ...problemOf(await api().get(path, await bearerFor('op', ['operator']))) }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
      expect({ path, ...problemOf(await api().get(path, await bearerFor('x', []))) }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
  });

  it('serves a customer every read of their own accounts and portfolio', async () => {
    for (const path of everyRead()) {
      expect({ path, status: (await api().get(path, await bearerFor(alice, ['customer']))).status }).toEqual({ path, status: 200 });
    }
  });

  it('answers a customer’s read of another owner’s account, transactions or portfolio exactly as an unknown one: 404', async () => {
    const intruder = await bearerFor(bob, ['customer']);
    const unknownAccount = randomUUID();
    const pairs: [string, string][] = [
      [`/accounts/${aliceAccount}`, `/accounts/${unknownAccount}`],
      [`/accounts/${aliceAccount}/transactions`, `/accounts/${unknownAccount}/transactions`],
      [`/customers/${alice}/portfolio`, '/customers/nobody-at-all/portfolio'],
    ];
    for (const [someoneElses, unknown] of pairs) {
      const [answer, reference] = [await api().get(someoneElses, intruder), await api().get(unknown, intruder)];

      expect({ someoneElses, ...problemOf(answer) }).toEqual({ someoneElses, status: 404, code: reference.body['code'] });
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(reference.body).sort());
    }
  });

  it('does not wait for, nor name the revision of, another owner’s account: minRevision answers as for an unknown one', async () => {
    const intruder = await bearerFor(bob, ['customer']);
    const unknownAccount = randomUUID();
    for (const path of ['', '/transactions']) {
      for (const minRevision of [0, 1, 999]) {
        const query = `?minRevision=${minRevision}&timeoutMs=200`;
        const [answer, reference] = [await api().get(`/accounts/${aliceAccount}${path}${query}`, intruder), await api().get(`/accounts/${unknownAccount}${path}${query}`, intruder)];

        expect({ path, minRevision, ...problemOf(answer), applied: answer.body['appliedRevision'] }).toEqual({
          path,
          minRevision,
          status: 503,
          code: 'READ_MODEL_BEHIND',
          applied: null,
        });
        expect({ ...answer.body, accountId: '-', detail: '-' }).toEqual({ ...reference.body, accountId: '-', detail: '-' });
      }
    }
  });

  it('lists only the customer’s own accounts: without ownerId, with their own, and none for another owner', async () => {
    const asBob = await bearerFor(bob, ['customer']);

    expect(accountIdsIn(await api().get('/accounts?limit=200', asBob))).toEqual([...bobAccounts].sort());
    expect(accountIdsIn(await api().get(`/accounts?ownerId=${bob}`, asBob))).toEqual([...bobAccounts].sort());
    expect((await api().get(`/accounts?ownerId=${alice}`, asBob)).body).toEqual({ items: [], nextCursor: null });
  });

  it('pages a customer’s own list past one page without repeats or gaps, never showing another owner’s', async () => {
    const carol = `carol-${randomUUID().slice(0, 8)}`;
    const carols = new Set<string>();
    for (let index = 0; index < 12; index++) carols.add(await seedAccount(api(), carol));
    const asCarol = await bearerFor(carol, ['customer']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api().get(`/accounts?limit=5${cursor === null ? '' : `&cursor=${cursor}`}`, asCarol);
      seen.push(...accountIdsIn(page));
      cursor = page.body['nextCursor'] as string | null;
    } while (cursor !== null);

    expect(seen.sort()).toEqual([...carols].sort());
  });

  it('lets a teller read every owner’s accounts, transactions and portfolios', async () => {
    const teller = await bearerFor('teller-q', ['teller']);
    for (const path of [...everyRead(), `/accounts/${bobAccounts[0] ?? ''}`, `/customers/${bob}/portfolio`]) {
      expect({ path, status: (await api().get(path, teller)).status }).toEqual({ path, status: 200 });
    }
    expect(accountIdsIn(await api().get(`/accounts?ownerId=${bob}`, teller))).toEqual([...bobAccounts].sort());
  });
});
