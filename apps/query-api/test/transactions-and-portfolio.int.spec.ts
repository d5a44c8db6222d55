import { accountStreamId } from '@ledger/domain';
import { randomUUID } from 'node:crypto';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';

/** Seeds n deposits of 1.00 EUR at revisions 1..n, as the account-transactions projection writes them. */
async function seedTransactions(api: QueryApiUnderTest, accountId: string, count: number): Promise<void> {
  for (let revision = 1; revision <= count; revision++) {
    await api.pool.query(
      `INSERT INTO "${api.schema}".account_transactions VALUES ($1, $2, 'deposit', 100, 'EUR', $3, $4, '2026-11-23T10:00:00Z')`,
      [accountId, revision, revision * 100, revision === 1 ? 'first' : null],
    );
  }
  await api.pool.query(`INSERT INTO "${api.schema}".projection_stream_revisions VALUES ('account-transactions', $1, $2)`, [accountStreamId(accountId), count]);
}

describe('query API: transactions and portfolio', () => {
  const api = queryApiForThisFile();

  describe('GET /accounts/{id}/transactions', () => {
    it('lists movements newest first with balance after, in pages', async () => {
      const accountId = randomUUID();
      await seedTransactions(api(), accountId, 5);

      const first = await api().get(`/accounts/${accountId}/transactions?limit=3`);
      const second = await api().get(`/accounts/${accountId}/transactions?limit=3&cursor=${String(first.body['nextCursor'])}`);

      expect((first.body['items'] as { revision: number }[]).map((item) => item.revision)).toEqual([5, 4, 3]);
      expect(first.body['items']).toContainEqual({ revision: 5, type: 'deposit', amount: '1.00', balanceAfter: '5.00', reference: null, transferId: null, occurredAt: '2026-11-23T10:00:00.000Z' });
      expect(second.body).toEqual({ items: [expect.objectContaining({ revision: 2 }), expect.objectContaining({ revision: 1, reference: 'first' })], nextCursor: null });
    });

    it('waits for minRevision on the transactions projection', async () => {
      const accountId = randomUUID();
      await seedTransactions(api(), accountId, 1);
      setTimeout(() => void api().pool.query(`UPDATE "${api().schema}".projection_stream_revisions SET revision = 2 WHERE stream_id = $1`, [accountStreamId(accountId)]), 100);

      expect((await api().get(`/accounts/${accountId}/transactions?minRevision=2&timeoutMs=5000`)).status).toBe(200);
      expect((await api().get(`/accounts/${accountId}/transactions?minRevision=7&timeoutMs=50`)).body).toMatchObject({ status: 503, code: 'READ_MODEL_BEHIND' });
    });

    it.each(['limit=0', 'limit=201', 'limit=1e1', 'minRevision=1e300', 'minRevision=-1', 'timeoutMs=30001'])('400 VALIDATION_FAILED for %s', async (query) => {
      const accountId = randomUUID();
      await seedTransactions(api(), accountId, 1);

      const answer = await api().get(`/accounts/${accountId}/transactions?${query}`);

      expect(answer.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: query.split('=')[0] }] });
    });

    it('404 for an account the projection has never seen', async () => {
      expect((await api().get(`/accounts/${randomUUID()}/transactions`)).body).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
    });
  });

  describe('GET /customers/{ownerId}/portfolio', () => {
    it('answers the accounts and exact totals per currency from MongoDB', async () => {
      const ownerId = randomUUID();
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()].sort();
      await api().portfolios.insertOne({
        _id: ownerId,
        ownerId,
        accounts: {
          [a as string]: { accountId: a as string, currency: 'EUR', balanceMinor: '999999999999999999', status: 'open', revision: 4 },
          [b as string]: { accountId: b as string, currency: 'EUR', balanceMinor: '1', status: 'frozen', revision: 2 },
          [c as string]: { accountId: c as string, currency: 'JPY', balanceMinor: '300', status: 'closed', revision: 9 },
        },
        updatedAt: new Date('2026-11-23T12:00:00Z'),
      });

      const answer = await api().get(`/customers/${ownerId}/portfolio`);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        ownerId,
        accounts: [
          { accountId: a, currency: 'EUR', balance: '9999999999999999.99', status: 'open' },
          { accountId: b, currency: 'EUR', balance: '0.01', status: 'frozen' },
          { accountId: c, currency: 'JPY', balance: '300', status: 'closed' },
        ],
        totals: { EUR: '10000000000000000.00', JPY: '300' },
        updatedAt: '2026-11-23T12:00:00.000Z',
      });
    });

    it('answers the bank’s own owner ids exactly as sent: two spellings are two customers', async () => {
      const tag = randomUUID().slice(0, 8);
      const [upper, lower] = [`Cust.Nr_7:${tag}@bank-DE`, `cust.nr_7:${tag}@bank-de`];
      const [a, b] = [randomUUID(), randomUUID()];
      const entry = (accountId: string) => ({ accountId, currency: 'EUR', balanceMinor: '100', status: 'open' as const, revision: 1 });
      await api().portfolios.insertOne({ _id: upper, ownerId: upper, accounts: { [a]: entry(a) }, updatedAt: new Date('2026-11-23T12:00:00Z') });
      await api().portfolios.insertOne({ _id: lower, ownerId: lower, accounts: { [b]: entry(b) }, updatedAt: new Date('2026-11-23T12:00:00Z') });

      const answers = await Promise.all([upper, lower].map((ownerId) => api().get(`/customers/${ownerId}/portfolio`)));

      expect(answers.map((answer) => [answer.status, answer.body['ownerId'], answer.body['accounts']])).toEqual([
        [200, upper, [expect.objectContaining({ accountId: a })]],
        [200, lower, [expect.objectContaining({ accountId: b })]],
      ]);
    });

    it('404 CUSTOMER_NOT_FOUND for an owner without accounts (one character or 64), 400 for an id that is not an owner id', async () => {
      for (const ownerId of [randomUUID(), 'x', 'C'.repeat(64)]) {
        expect((await api().get(`/customers/${ownerId}/portfolio`)).body).toMatchObject({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
      }
      for (const ownerId of ['C'.repeat(65), 'bob%20smith', 'k%C3%A9', 'a%2Bb', 'a%00']) {
        expect((await api().get(`/customers/${ownerId}/portfolio`)).body).toMatchObject({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ field: 'ownerId' })]) as unknown });
      }
    });
  });

  it('publishes the four queries at /docs/json with their parameters', async () => {
    const document = (await (await fetch(`${api().url}/docs/json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };

    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/accounts', '/accounts/{id}', '/accounts/{id}/transactions', '/customers/{ownerId}/portfolio']));
    expect(document.paths['/accounts/{id}/transactions']?.get?.parameters?.map((parameter) => parameter.name).sort()).toEqual(
      ['cursor', 'id', 'limit', 'minRevision', 'timeoutMs'],
    );
  });

  it('reports PostgreSQL and MongoDB on /health', async () => {
    expect((await api().get('/health')).body).toMatchObject({ status: 'up', checks: { postgres: { status: 'up' }, mongodb: { status: 'up' } } });
  });
});
