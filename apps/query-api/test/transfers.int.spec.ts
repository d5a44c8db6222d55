import { AccountFixture } from '@ledger/domain/testing';
import { bearerFor } from '@ledger/platform/testing';
import { TransferFixture } from '@ledger/domain/testing';
import { randomUUID } from 'node:crypto';
import { queryApiForThisFile, type QueryAnswer } from './query-api.harness';
import { historyForThisFile } from './recorded-history';

const problemOf = (answer: QueryAnswer) => ({ status: answer.status, code: answer.body['code'] });
const someTransferId = '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';
type Item = Record<string, unknown>;

/** GET /transfers/{id} (API.md "Transfers") over read models the real projections wrote from a real event store. */
describe('query API: transfers', () => {
  const api = queryApiForThisFile();
  const history = historyForThisFile(api);
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => `${name}-${randomUUID().slice(0, 8)}`) as [string, string, string];

  /** Alice's account with 100.00 EUR, Bob's empty one, and a transfer of 25.00 from Alice to Bob, requested. */
  const requestedTransfer = async (reference?: string) => {
    const [from, to] = [new AccountFixture(alice), new AccountFixture(bob)];
    const transfer = new TransferFixture(from, to, 2_500n, reference);
    const stored = await history.record(from.opened(), from.deposited(10_000n, 10_000n), to.opened(), transfer.requested());
    return { transfer, requestedAt: stored.at(-1)?.metadata.occurredAt };
  };
  const transferAt = (transfer: TransferFixture, query = '', headers?: Record<string, string>) => api().get(`/transfers/${transfer.transferId}${query}`, headers);
  const itemsOf = async (account: AccountFixture) => (await api().get(`/accounts/${account.accountId}/transactions`)).body['items'] as Item[];

  describe('each way a transfer ends, and the wait before', () => {
    it('completed: the terms, the amount in the currency’s digits, revision 2; both accounts’ rows carry the transfer id', async () => {
      const { transfer, requestedAt } = await requestedTransfer('rent');
      const completed = (await history.record(transfer.debited(), transfer.debit(7_500n), transfer.credit(2_500n), transfer.completed())).at(-1);

      const answer = await transferAt(transfer);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        transferId: transfer.transferId,
        fromAccountId: transfer.from.accountId,
        toAccountId: transfer.to.accountId,
        amount: '25.00',
        currency: 'EUR',
        reference: 'rent',
        status: 'completed',
        revision: 2,
        createdAt: requestedAt,
        updatedAt: completed?.metadata.occurredAt,
      });
      expect(await itemsOf(transfer.from)).toEqual([
        expect.objectContaining({ revision: 2, type: 'withdrawal', amount: '25.00', balanceAfter: '75.00', reference: 'rent', transferId: transfer.transferId }),
        expect.objectContaining({ revision: 1, type: 'deposit', amount: '100.00', reference: null, transferId: null }),
      ]);
      expect(await itemsOf(transfer.to)).toEqual([expect.objectContaining({ revision: 1, type: 'deposit', amount: '25.00', balanceAfter: '25.00', transferId: transfer.transferId })]);
    });

    it('failed: nothing moved, and failureCode says why', async () => {
      const { transfer } = await requestedTransfer();
      await history.record(transfer.failed('INSUFFICIENT_FUNDS'));

      expect((await transferAt(transfer)).body).toMatchObject({ status: 'failed', failureCode: 'INSUFFICIENT_FUNDS', revision: 1 });
      expect(await itemsOf(transfer.from)).toEqual([expect.objectContaining({ type: 'deposit', transferId: null })]);
    });

    it('reversed: failureCode is the credit’s refusal; the debit and the refund both carry the transfer id', async () => {
      const { transfer } = await requestedTransfer();
      await history.record(transfer.debited(), transfer.debit(7_500n), transfer.creditRefused('ACCOUNT_CLOSED'), transfer.refund(10_000n), transfer.reversed());

      expect((await transferAt(transfer)).body).toMatchObject({ status: 'reversed', failureCode: 'ACCOUNT_CLOSED', revision: 3 });
      expect((await itemsOf(transfer.from)).map((item) => [item['type'], item['transferId']])).toEqual([
        ['deposit', transfer.transferId],
        ['withdrawal', transfer.transferId],
        ['deposit', null],
      ]);
    });

    it('pending while the accounts have not answered for good: requested, debited, and credit refused with the refund to come (no failureCode yet)', async () => {
      const { transfer } = await requestedTransfer();
      const seen: Item[] = [(await transferAt(transfer)).body];
      await history.record(transfer.debited(), transfer.debit(7_500n));
      seen.push((await transferAt(transfer)).body);
      await history.record(transfer.creditRefused('ACCOUNT_FROZEN'));
      seen.push((await transferAt(transfer)).body);

      expect(seen.map((body) => [body['status'], body['revision'], 'failureCode' in body])).toEqual([
        ['pending', 0, false],
        ['pending', 1, false],
        ['pending', 2, false],
      ]);
    });

    it('keeps a reference outside the Basic Multilingual Plane as sent; a transfer without one answers null', async () => {
      const reference = 'Miete 🏠 𝄞 𠜎';
      const [withReference, without] = [await requestedTransfer(reference), await requestedTransfer()];

      expect((await transferAt(withReference.transfer)).body['reference']).toBe(reference);
      expect((await transferAt(without.transfer)).body).toMatchObject({ reference: null });
    });
  });

  describe('read-your-writes', () => {
    it('waits until the projection has applied minRevision of the transfer’s stream, then answers it', async () => {
      const { transfer } = await requestedTransfer();
      setTimeout(() => void history.record(transfer.debited(), transfer.debit(7_500n), transfer.credit(2_500n), transfer.completed()), 150);

      const answer = await transferAt(transfer, '?minRevision=2&timeoutMs=5000');

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'completed', revision: 2 });
    });

    it('waits for a transfer the projection has not seen yet', async () => {
      const [from, to] = [new AccountFixture(alice), new AccountFixture(bob)];
      const transfer = new TransferFixture(from, to);
      setTimeout(() => void history.record(from.opened(), to.opened(), transfer.requested()), 150);

      expect(await transferAt(transfer, '?minRevision=0&timeoutMs=5000')).toMatchObject({ status: 200, body: { status: 'pending', revision: 0 } });
    });

    it('503 READ_MODEL_BEHIND naming the transfer, with the revision applied so far and Retry-After, when the wait runs out', async () => {
      const { transfer } = await requestedTransfer();

      const answer = await transferAt(transfer, '?minRevision=3&timeoutMs=100');

      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toMatchObject({ code: 'READ_MODEL_BEHIND', transferId: transfer.transferId, minRevision: 3, appliedRevision: 0 });
      expect(answer.body).not.toHaveProperty('accountId');
    });
  });

  describe('refusals', () => {
    it('404 TRANSFER_NOT_FOUND for a transfer nobody requested, whatever the case of its id', async () => {
      const unknown = randomUUID();
      for (const id of [unknown, unknown.toUpperCase()]) {
        expect((await api().get(`/transfers/${id}`)).body).toMatchObject({ status: 404, code: 'TRANSFER_NOT_FOUND', transferId: unknown });
      }
    });

    it('finds a transfer by its id in upper case', async () => {
      const { transfer } = await requestedTransfer();

      expect((await api().get(`/transfers/${transfer.transferId.toUpperCase()}`)).body).toMatchObject({ transferId: transfer.transferId });
    });

    it.each([
      ['/transfers/42', 'id'],
      ['/transfers/not-a-uuid-at-all', 'id'],
      [`/transfers/${someTransferId}?minRevision=1e300`, 'minRevision'],
      [`/transfers/${someTransferId}?minRevision=-1`, 'minRevision'],
      [`/transfers/${someTransferId}?minRevision=1&timeoutMs=30001`, 'timeoutMs'],
      [`/transfers/${someTransferId}?status=completed`, 'status'],
    ])('400 VALIDATION_FAILED naming the parameter: %s', async (path, field) => {
      const answer = await api().get(path);

      expect(answer.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(answer.body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('identity and access', () => {
    it('shows a transfer to the customers owning either account, and to any teller', async () => {
      const { transfer } = await requestedTransfer();

      for (const reader of [await bearerFor(alice, ['customer']), await bearerFor(bob, ['customer']), await bearerFor('teller-t', ['teller'])]) {
        expect(await transferAt(transfer, '', reader)).toMatchObject({ status: 200, body: { transferId: transfer.transferId } });
      }
    });

    it('answers another customer exactly as for an unknown transfer: 404 with the same members', async () => {
      const { transfer } = await requestedTransfer();
      const intruder = await bearerFor(carol, ['customer']);

      const [answer, reference] = [await transferAt(transfer, '', intruder), await api().get(`/transfers/${randomUUID()}`, intruder)];

      expect(problemOf(answer)).toEqual({ status: 404, code: 'TRANSFER_NOT_FOUND' });
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(reference.body).sort());
    });

    it('never waits on another customer’s transfer, nor names its revision: minRevision answers as for an unknown one, after the whole wait', async () => {
      const { transfer } = await requestedTransfer();
      const intruder = await bearerFor(carol, ['customer']);
      for (const minRevision of [0, 1, 999]) {
        const query = `?minRevision=${minRevision}&timeoutMs=200`;

        const startedAt = Date.now();
        const answer = await transferAt(transfer, query, intruder);
        const waitedMs = Date.now() - startedAt;
        const reference = await api().get(`/transfers/${randomUUID()}${query}`, intruder);

        expect({ minRevision, ...problemOf(answer), applied: answer.body['appliedRevision'] }).toEqual({ minRevision, status: 503, code: 'READ_MODEL_BEHIND', applied: null });
        expect(waitedMs).toBeGreaterThanOrEqual(180);
        expect({ ...answer.body, transferId: '-', detail: '-' }).toEqual({ ...reference.body, transferId: '-', detail: '-' });
      }
    });

    it('names no revision of another customer’s transfer that first appears while the wait goes on', async () => {
      const [from, to] = [new AccountFixture(alice), new AccountFixture(bob)];
      const transfer = new TransferFixture(from, to);
      setTimeout(() => void history.record(from.opened(), to.opened(), transfer.requested()), 100);

      const answer = await transferAt(transfer, '?minRevision=3&timeoutMs=1500', await bearerFor(carol, ['customer']));

      expect({ ...problemOf(answer), applied: answer.body['appliedRevision'] }).toEqual({ status: 503, code: 'READ_MODEL_BEHIND', applied: null });
      // The owner, asking the same, is told how far it got.
      expect((await transferAt(transfer, '?minRevision=3&timeoutMs=100', await bearerFor(alice, ['customer']))).body['appliedRevision']).toBe(0);
    });

    it('answers 401 without a token and 403 to an operator', async () => {
      const { transfer } = await requestedTransfer();

      expect(problemOf(await transferAt(transfer, '', { authorization: '' }))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect(problemOf(await transferAt(transfer, '', await bearerFor('op', ['operator'])))).toEqual({ status: 403, code: 'FORBIDDEN' });
    });
  });

  it('publishes getTransfer at /docs/json with every status it answers and every status a transfer can have', async () => {
    const document = (await (await fetch(`${api().url}/docs/json`)).json()) as {
      paths: Record<string, { get?: { operationId?: string; responses?: Record<string, unknown>; parameters?: { name: string }[] } }>;
      components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }> };
    };
    const operation = document.paths['/transfers/{id}']?.get;

    expect(operation?.operationId).toBe('getTransfer');
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(operation?.parameters?.map((parameter) => parameter.name).sort()).toEqual(['id', 'minRevision', 'timeoutMs']);
    const view = document.components.schemas['TransferView'];
    expect(view?.properties?.['status']?.enum).toEqual(['pending', 'completed', 'failed', 'reversed']);
    expect(view?.required).not.toContain('failureCode');
    expect(document.components.schemas['TransactionItemView']?.properties).toHaveProperty('transferId');
  });
});
