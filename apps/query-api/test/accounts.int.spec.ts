import { accountStreamId } from '@ledger/domain';
import { randomUUID } from 'node:crypto';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';

interface SummarySeed {
  accountId?: string;
  ownerId?: string;
  currency?: string;
  balanceMinor?: bigint;
  status?: 'open' | 'frozen' | 'closed';
  revision?: number;
}

async function seedAccount(api: QueryApiUnderTest, seed: SummarySeed = {}): Promise<string> {
  const accountId = seed.accountId ?? randomUUID();
  await api.pool.query(
    `INSERT INTO "${api.schema}".account_summary VALUES ($1, $2, $3, $4, $5, $6, '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')`,
    [accountId, seed.ownerId ?? randomUUID(), seed.currency ?? 'EUR', (seed.balanceMinor ?? 0n).toString(), seed.status ?? 'open', seed.revision ?? 0],
  );
  // The projector moves its guard in the same transaction as the row.
  await api.pool.query(`INSERT INTO "${api.schema}".projection_stream_revisions VALUES ('account-summary', $1, $2)`, [accountStreamId(accountId), seed.revision ?? 0]);
  return accountId;
}

describe('query API: accounts', () => {
  const api = queryApiForThisFile();

  describe('GET /accounts/{id}', () => {
    it('answers the account with its balance in the currency’s digits', async () => {
      const ownerId = randomUUID();
      const accountId = await seedAccount(api(), { ownerId, currency: 'BHD', balanceMinor: 1_005n, revision: 3 });

      const answer = await api().get(`/accounts/${accountId}`);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        accountId,
        ownerId,
        currency: 'BHD',
        balance: '1.005',
        status: 'open',
        revision: 3,
        openedAt: '2026-11-23T10:00:00.000Z',
        updatedAt: '2026-11-23T11:00:00.000Z',
      });
    });

    it('404 ACCOUNT_NOT_FOUND for an unknown account, 400 for an id that is not a UUID', async () => {
      expect((await api().get(`/accounts/${randomUUID()}`)).body).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND' });
      expect((await api().get('/accounts/42')).body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
    });
  });

  describe('read-your-writes', () => {
    it('answers at once when the read model has the revision already', async () => {
      const accountId = await seedAccount(api(), { revision: 2 });

      expect((await api().get(`/accounts/${accountId}?minRevision=2`)).status).toBe(200);
    });

    it('waits for the projection to apply the revision, then answers it', async () => {
      const accountId = await seedAccount(api(), { revision: 2 });
      setTimeout(
        () =>
          void api().pool.query(
            `WITH summary AS (UPDATE "${api().schema}".account_summary SET revision = 3, balance_minor = 500 WHERE account_id = $1)
             UPDATE "${api().schema}".projection_stream_revisions SET revision = 3 WHERE projection = 'account-summary' AND stream_id = $2`,
            [accountId, accountStreamId(accountId)],
          ),
        150,
      );

      const answer = await api().get(`/accounts/${accountId}?minRevision=3&timeoutMs=5000`);

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ revision: 3, balance: '5.00' });
    });

    it('waits for an account the projection has not seen yet', async () => {
      const accountId = randomUUID();
      setTimeout(() => void seedAccount(api(), { accountId }), 150);

      expect((await api().get(`/accounts/${accountId}?minRevision=0&timeoutMs=5000`)).status).toBe(200);
    });

    it('counts a revision an operator skipped (the guard moved, the row did not)', async () => {
      const accountId = await seedAccount(api(), { revision: 2 });
      await api().pool.query(`UPDATE "${api().schema}".projection_stream_revisions SET revision = 3 WHERE projection = 'account-summary' AND stream_id = $1`, [accountStreamId(accountId)]);

      const answer = await api().get(`/accounts/${accountId}?minRevision=3&timeoutMs=100`);

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ revision: 2 });
    });

    it('503 READ_MODEL_BEHIND with Retry-After when the bounded wait runs out', async () => {
      const accountId = await seedAccount(api(), { revision: 2 });

      const answer = await api().get(`/accounts/${accountId}?minRevision=9&timeoutMs=100`);

      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toMatchObject({ code: 'READ_MODEL_BEHIND', minRevision: 9, appliedRevision: 2 });
    });

    it('400 for a wait beyond 30 s or a revision that is not a number', async () => {
      const accountId = await seedAccount(api());

      expect((await api().get(`/accounts/${accountId}?minRevision=1&timeoutMs=30001`)).body).toMatchObject({ status: 400, errors: [{ field: 'timeoutMs' }] });
      const notANumber = await api().get(`/accounts/${accountId}?minRevision=abc`);
      expect(notANumber.status).toBe(400);
      expect(notANumber.body['errors']).toContainEqual({ field: 'minRevision', message: 'minRevision must be a whole number in decimal digits from 0 to 9223372036854775807' });
    });

    // Issue 14: `1e300` was accepted and waited for, then answered 503 with a 300-digit revision.
    it.each([
      ['minRevision=1e300', 'minRevision'],
      ['minRevision=-1', 'minRevision'],
      ['minRevision=1.5', 'minRevision'],
      ['minRevision=%201', 'minRevision'],
      ['minRevision=0x10', 'minRevision'],
      ['minRevision=%EF%BC%91', 'minRevision'],
      ['minRevision=9223372036854775808', 'minRevision'],
      ['minRevision=10000000000000000000', 'minRevision'],
      ['minRevision=', 'minRevision'],
      ['minRevision=1&minRevision=2', 'minRevision'],
      ['minRevision=1&timeoutMs=-1', 'timeoutMs'],
      ['minRevision=1&timeoutMs=1e3', 'timeoutMs'],
      ['minRevision=1&timeoutMs=30001', 'timeoutMs'],
    ])('400 naming the parameter for %s', async (query, field) => {
      const accountId = await seedAccount(api());

      const answer = await api().get(`/accounts/${accountId}?${query}`);

      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field })] });
    });

    it('takes the bounds themselves: revision 2^63-1 is waited for (and is behind), a wait of 30000 ms is allowed', async () => {
      const accountId = await seedAccount(api(), { revision: 2 });

      const atMost = await api().get(`/accounts/${accountId}?minRevision=9223372036854775807&timeoutMs=0`);
      expect(atMost.status).toBe(503);
      expect(atMost.body).toMatchObject({ code: 'READ_MODEL_BEHIND', appliedRevision: 2 });
      expect((await api().get(`/accounts/${accountId}?minRevision=2&timeoutMs=30000`)).status).toBe(200);
      expect((await api().get(`/accounts/${accountId}?minRevision=0&timeoutMs=0`)).status).toBe(200);
    });
  });

  describe('GET /accounts', () => {
    it('pages through an owner’s accounts with opaque cursors, each account once', async () => {
      const ownerId = randomUUID();
      const ids = await Promise.all(Array.from({ length: 5 }, () => seedAccount(api(), { ownerId })));
      await seedAccount(api());

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const answer = await api().get(`/accounts?ownerId=${ownerId}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        expect(answer.status).toBe(200);
        seen.push(...(answer.body['items'] as { accountId: string }[]).map((item) => item.accountId));
        cursor = answer.body['nextCursor'] as string | null;
        pages++;
      } while (cursor !== null);

      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].sort());
    });

    it('filters by status', async () => {
      const ownerId = randomUUID();
      const frozen = await seedAccount(api(), { ownerId, status: 'frozen' });
      await seedAccount(api(), { ownerId, status: 'open' });

      const answer = await api().get(`/accounts?ownerId=${ownerId}&status=frozen`);

      expect(answer.body).toEqual({ items: [expect.objectContaining({ accountId: frozen, status: 'frozen' })], nextCursor: null });
    });

    it('lists by the bank’s own owner ids exactly as sent: 1 to 64 allowed characters, case apart', async () => {
      const tag = randomUUID().slice(0, 8);
      const owners = [`Cust.Nr_7:${tag}@bank-DE`, `cust.nr_7:${tag}@bank-de`, `${tag}${'C'.repeat(56)}`];
      const accounts = await Promise.all(owners.map((ownerId) => seedAccount(api(), { ownerId })));

      for (const [n, ownerId] of owners.entries()) {
        const answer = await api().get(`/accounts?ownerId=${encodeURIComponent(ownerId)}`);

        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ items: [expect.objectContaining({ accountId: accounts[n], ownerId })], nextCursor: null });
      }
    });

    it('accepts a one-character owner id', async () => {
      expect(await api().get('/accounts?ownerId=x')).toMatchObject({ status: 200, body: { items: expect.any(Array) as unknown } });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1e2', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=2.0', 'limit'],
      ['limit=%EF%BC%95', 'limit'],
      ['limit=0x10', 'limit'],
      ['status=gone', 'status'],
      ['ownerId=bob%20smith', 'ownerId'],
      [`ownerId=${'C'.repeat(65)}`, 'ownerId'],
      ['ownerId=', 'ownerId'],
      ['ownerId=k%C3%A9', 'ownerId'],
      ['ownerId=a%00', 'ownerId'],
      ['cursor=a%00b', 'cursor'],
      ['cursor=not-ours', 'cursor'],
      ['sort=name', 'sort'],
    ])('400 naming the parameter for %s', async (query, field) => {
      const answer = await api().get(`/accounts?${query}`);

      expect(answer.status).toBe(400);
      expect(answer.body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });
});
