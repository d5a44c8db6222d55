import { accountStreamId } from '@ledger/domain';
import { pagesOfSize, walkPages } from '@ledger/platform/testing';
import { randomUUID } from 'node:crypto';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';

/** Several page sizes: 1 and 200 are the bounds, 7 leaves a short last page, 13 divides the lists exactly. */
const limits = [1, 7, 13, 50, 200];

/**
 * An account with 300 events, of which every tenth is not a money movement (a freeze, say):
 * 270 movements with revisions 1..299 and gaps, so pages end on one-, two- and three-digit
 * revisions. Returns the revisions newest first.
 */
async function seedHistory(api: QueryApiUnderTest, accountId: string): Promise<number[]> {
  await api.pool.query(
    `INSERT INTO "${api.schema}".account_transactions
     SELECT $1, r, 'deposit', 100, 'EUR', r * 100, 'ref ' || r, '2026-11-23T10:00:00Z'::timestamptz + r * interval '1 second'
       FROM generate_series(1, 300) AS r WHERE r % 10 <> 0`,
    [accountId],
  );
  await api.pool.query(`INSERT INTO "${api.schema}".projection_stream_revisions VALUES ('account-transactions', $1, 300)`, [accountStreamId(accountId)]);
  return Array.from({ length: 300 }, (_, index) => 300 - index).filter((revision) => revision % 10 !== 0);
}

/** Accounts as the account-summary projection writes them, with multi-digit revisions. */
async function seedAccounts(api: QueryApiUnderTest, ownerId: string, statuses: readonly string[]): Promise<string[]> {
  const ids = statuses.map(() => randomUUID());
  await api.pool.query(
    `INSERT INTO "${api.schema}".account_summary
     SELECT id, $2, 'EUR', 0, status, 10 + n, '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z'
       FROM unnest($1::uuid[], $3::text[]) WITH ORDINALITY AS seed(id, status, n)`,
    [ids, ownerId, statuses],
  );
  return ids;
}

describe('query API: every page boundary of every list (API.md: no repeats, no gaps, for any number of rows)', () => {
  const api = queryApiForThisFile();

  describe('GET /accounts/{id}/transactions, newest first', () => {
    const accountId = randomUUID();
    let revisions: number[] = [];
    beforeAll(async () => {
      revisions = await seedHistory(api(), accountId);
    });

    it.each(limits)('limit=%i walks all 270 movements in revision order, every page full but the last', async (limit) => {
      const pages = await walkPages(async (cursor) => {
        const answer = await api().get(`/accounts/${accountId}/transactions?limit=${limit}${cursor === undefined ? '' : `&cursor=${cursor}`}`);
        expect(answer.status).toBe(200);
        return { items: (answer.body['items'] as { revision: number }[]).map((item) => item.revision), next: answer.body['nextCursor'] as string | null };
      }, revisions.length + 1);

      expect(pages).toEqual(pagesOfSize(revisions, limit));
    });

    it('without a limit, pages of 50 carry each movement as it was written', async () => {
      const pages = await walkPages(async (cursor) => {
        const answer = await api().get(`/accounts/${accountId}/transactions${cursor === undefined ? '' : `?cursor=${cursor}`}`);
        return { items: answer.body['items'] as { revision: number; reference: string; balanceAfter: string }[], next: answer.body['nextCursor'] as string | null };
      }, revisions.length + 1);

      expect(pages.map((page) => page.length)).toEqual([50, 50, 50, 50, 50, 20]);
      expect(pages.flat()).toEqual(revisions.map((revision): unknown => expect.objectContaining({ revision, reference: `ref ${revision}`, balanceAfter: `${revision}.00` })));
    });
  });

  describe('GET /accounts?ownerId=&status=, in account id order', () => {
    const ownerId = randomUUID();
    let all: string[] = [];
    let frozen: string[] = [];
    beforeAll(async () => {
      const statuses = Array.from({ length: 260 }, (_, index) => (index % 3 === 0 ? 'frozen' : 'open'));
      const ids = await seedAccounts(api(), ownerId, statuses);
      // Another owner's accounts, interleaved in id order, must never appear.
      await seedAccounts(api(), randomUUID(), Array.from({ length: 40 }, () => 'frozen'));
      all = [...ids].sort();
      frozen = ids.filter((_, index) => statuses[index] === 'frozen').sort();
    });

    const walk = (query: string, limit: number, maxPages: number) =>
      walkPages(async (cursor) => {
        const answer = await api().get(`/accounts?${query}&limit=${limit}${cursor === undefined ? '' : `&cursor=${cursor}`}`);
        expect(answer.status).toBe(200);
        return { items: (answer.body['items'] as { accountId: string }[]).map((item) => item.accountId), next: answer.body['nextCursor'] as string | null };
      }, maxPages);

    it.each(limits)('ownerId, limit=%i: all 260 accounts once each', async (limit) => {
      expect(await walk(`ownerId=${ownerId}`, limit, all.length + 1)).toEqual(pagesOfSize(all, limit));
    });

    it.each([1, 7, 50, 200])('ownerId and status=frozen, limit=%i: the 87 frozen ones once each', async (limit) => {
      expect(await walk(`ownerId=${ownerId}&status=frozen`, limit, frozen.length + 1)).toEqual(pagesOfSize(frozen, limit));
    });

    it('an owner id in capitals is another customer: owner ids are kept as sent, never case-folded', async () => {
      expect((await walk(`ownerId=${ownerId.toUpperCase()}`, 200, 3)).flat()).toEqual([]);
    });
  });
});
