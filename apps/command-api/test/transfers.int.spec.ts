import { decodeTransferEvent, transferDecider, transferStreamId, type TransferState } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { bearerFor } from '@ledger/platform/testing';
import { randomUUID } from 'node:crypto';
import { commandApiForThisFile, type HttpAnswer } from './command-api.harness';

const expectProblem = (answer: HttpAnswer, status: number, code: string) => {
  expect({ status: answer.status, code: answer.body['code'], type: answer.headers.get('content-type') }).toEqual({ status, code, type: 'application/problem+json; charset=utf-8' });
};

/** API.md "Transfers", the request side: what is checked before anything moves, and what is stored. */
describe('command API: POST /transfers', () => {
  const api = commandApiForThisFile();
  const transfer = (body: Record<string, unknown>, headers: Record<string, string> = {}) => api().post('/transfers', body, headers);

  const transferOf = async (transferId: string): Promise<{ state: TransferState; events: number }> => {
    const store = new PostgresEventStore({ pool: api().pool, schema: api().schema });
    const events = await store.readStream(transferStreamId(transferId), { direction: 'forwards' });
    return { state: events.map((event) => decodeTransferEvent(event)).reduce(transferDecider.evolve, transferDecider.initialState), events: events.length };
  };
  const open = async (ownerId: string, currency = 'EUR', funds?: string): Promise<string> => {
    const answer = await api().post('/accounts', { ownerId, currency });
    const accountId = String(answer.body['accountId']);
    if (funds !== undefined) expect((await api().post(`/accounts/${accountId}/deposits`, { amount: funds, currency })).status).toBe(201);
    return accountId;
  };

  let alice = '';
  let bob = '';
  beforeAll(async () => {
    alice = await open('alice', 'EUR', '100.00');
    bob = await open('bob', 'EUR');
  });

  it('answers 202 with the pending transfer and its Location, and records the terms with both owners', async () => {
    const transferId = randomUUID();
    const answer = await transfer({ transferId: transferId.toUpperCase(), fromAccountId: alice, toAccountId: bob, amount: '25.50', currency: 'EUR', reference: 'rent 🏠' });

    expect(answer.status).toBe(202);
    expect(answer.headers.get('location')).toBe(`/transfers/${transferId}`);
    expect(answer.body).toEqual({ transferId, streamId: `transfer-${transferId}`, revision: 0, position: expect.stringMatching(/^\d+$/) as unknown, status: 'pending' });
    const { state } = await transferOf(transferId);
    expect(state).toMatchObject({ status: 'requested', terms: { fromOwnerId: 'alice', toOwnerId: 'bob', reference: 'rent 🏠', amount: { amountMinor: 2550n, currency: 'EUR' } } });
  });

  it('generates the id when the client gives none', async () => {
    const answer = await transfer({ fromAccountId: alice, toAccountId: bob, amount: '1', currency: 'EUR' });
    expect(answer.status).toBe(202);
    expect(answer.body['transferId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a transfer id used before is 409 TRANSFER_ALREADY_EXISTS, and nothing is appended', async () => {
    const transferId = randomUUID();
    expect((await transfer({ transferId, fromAccountId: alice, toAccountId: bob, amount: '1', currency: 'EUR' })).status).toBe(202);
    expectProblem(await transfer({ transferId, fromAccountId: alice, toAccountId: bob, amount: '2', currency: 'EUR' }), 409, 'TRANSFER_ALREADY_EXISTS');
    expect((await transferOf(transferId)).events).toBe(1);
  });

  it('the same Idempotency-Key and body replay the first answer; another body is 422', async () => {
    const body = { transferId: randomUUID(), fromAccountId: alice, toAccountId: bob, amount: '3', currency: 'EUR' };
    const first = await transfer(body, { 'idempotency-key': 'pay-bob-1' });
    const again = await transfer(body, { 'idempotency-key': 'pay-bob-1' });

    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expectProblem(await transfer({ ...body, amount: '4' }, { 'idempotency-key': 'pay-bob-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it.each([
    ['the same account on both sides', () => ({ toAccountId: alice }), 422, 'SAME_ACCOUNT'],
    ['an unknown source', () => ({ fromAccountId: randomUUID() }), 404, 'ACCOUNT_NOT_FOUND'],
    ['an unknown destination', () => ({ toAccountId: randomUUID() }), 404, 'ACCOUNT_NOT_FOUND'],
    ['another currency than the source holds', () => ({ currency: 'USD', amount: '1.00' }), 422, 'CURRENCY_MISMATCH'],
  ])('%s is refused at request time, and no transfer exists', async (_, change, status, code) => {
    const transferId = randomUUID();
    expectProblem(await transfer({ transferId, fromAccountId: alice, toAccountId: bob, amount: '1', currency: 'EUR', ...change() }), status, code);
    expect((await transferOf(transferId)).events).toBe(0);
  });

  it('leaves funds, freezes and the destination currency to the accounts: requested, still pending', async () => {
    const dollars = await open('dora', 'USD');
    const transferId = randomUUID();
    expect((await transfer({ transferId, fromAccountId: alice, toAccountId: dollars, amount: '999999', currency: 'EUR' })).status).toBe(202);
    expect((await transferOf(transferId)).state.status).toBe('requested');
  });

  describe('bad input: 400 with the field and the reason, nothing appended', () => {
    it.each([
      ['amount', { amount: '0' }],
      ['amount', { amount: '-1' }],
      ['amount', { amount: '1.001' }],
      ['amount', { amount: '1000000000000000000' }],
      ['amount', { amount: 12 }],
      ['currency', { currency: 'EURO' }],
      ['fromAccountId', { fromAccountId: 'not-a-uuid' }],
      ['toAccountId', { toAccountId: undefined }],
      ['transferId', { transferId: '123' }],
      ['reference', { reference: 'a\u0000b' }],
      ['reference', { reference: '\ud800' }],
      ['reference', { reference: 'x'.repeat(141) }],
    ])('%s in %j', async (field, change) => {
      const transferId = randomUUID();
      const answer = await transfer({ transferId, fromAccountId: alice, toAccountId: bob, amount: '1', currency: 'EUR', ...change });
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect((await transferOf(transferId)).events).toBe(0);
    });

    it('the largest amount (18 digits of minor units) is accepted as a request', async () => {
      expect((await transfer({ fromAccountId: alice, toAccountId: bob, amount: '9999999999999999.99', currency: 'EUR' })).status).toBe(202);
    });
  });

  describe('who may transfer', () => {
    it('a customer transfers from their own account to anyone’s', async () => {
      const own = await open('cust-transfer', 'EUR', '10');
      expect((await transfer({ fromAccountId: own, toAccountId: bob, amount: '1', currency: 'EUR' }, await bearerFor('cust-transfer', ['customer']))).status).toBe(202);
    });

    it('another owner’s source account answers like a missing one', async () => {
      const transferId = randomUUID();
      const answer = await transfer({ transferId, fromAccountId: alice, toAccountId: bob, amount: '1', currency: 'EUR' }, await bearerFor('mallory', ['customer']));
      expectProblem(answer, 404, 'ACCOUNT_NOT_FOUND');
      expect(answer.body['accountId']).toBe(alice);
      expect((await transferOf(transferId)).events).toBe(0);
    });

    it('no token is 401; an operator is 403', async () => {
      const body = { fromAccountId: alice, toAccountId: bob, amount: '1', currency: 'EUR' };
      expectProblem(await transfer(body, { authorization: '' }), 401, 'UNAUTHENTICATED');
      expectProblem(await transfer(body, await bearerFor('op', ['operator'])), 403, 'FORBIDDEN');
    });
  });
});
