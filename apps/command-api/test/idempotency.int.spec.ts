import { accountStreamId } from '@ledger/domain';
import { randomUUID } from 'node:crypto';
import { commandApiForThisFile } from './command-api.harness';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';

/** API.md "Idempotency", over HTTP against real PostgreSQL. */
describe('command API: Idempotency-Key', () => {
  const api = commandApiForThisFile();

  const openAccount = async (): Promise<string> => {
    const answer = await api().post('/accounts', { ownerId, currency: 'EUR' });
    return String(answer.body['accountId']);
  };
  const key = () => ({ 'idempotency-key': `key-${randomUUID()}` });

  it('replays the first answer for the same key and body, appending nothing', async () => {
    const accountId = await openAccount();
    const headers = key();

    const first = await api().post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers);
    const again = await api().post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers);

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect({ status: again.status, body: again.body, etag: again.headers.get('etag') }).toEqual({
      status: 201,
      body: first.body,
      etag: first.headers.get('etag'),
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
  });

  it('replays an opening with a server-generated id: the same account, not a second one', async () => {
    const headers = key();

    const first = await api().post('/accounts', { ownerId, currency: 'EUR' }, headers);
    const again = await api().post('/accounts', { ownerId, currency: 'EUR' }, headers);

    expect(again.status).toBe(201);
    expect(again.body['accountId']).toBe(first.body['accountId']);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('replays a refusal too: the same problem, still with nothing appended', async () => {
    const accountId = await openAccount();
    const headers = key();

    const first = await api().post(`/accounts/${accountId}/withdrawals`, { amount: '5', currency: 'EUR' }, headers);
    await api().post(`/accounts/${accountId}/deposits`, { amount: '50', currency: 'EUR' });
    const again = await api().post(`/accounts/${accountId}/withdrawals`, { amount: '5', currency: 'EUR' }, headers);

    expect(first.status).toBe(422);
    expect({ status: again.status, body: again.body }).toEqual({ status: 422, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
  });

  it('refuses the same key with another body or on another endpoint: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const accountId = await openAccount();
    const headers = key();
    await api().post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers);

    const otherBody = await api().post(`/accounts/${accountId}/deposits`, { amount: '11', currency: 'EUR' }, headers);
    const otherEndpoint = await api().post(`/accounts/${accountId}/withdrawals`, { amount: '10', currency: 'EUR' }, headers);

    expect([otherBody.status, otherBody.body['code']]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect([otherEndpoint.status, otherEndpoint.body['code']]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
  });

  describe('equivalent retries: the same request however it is spelt', () => {
    const sendRaw = (path: string, body: string, headers: Record<string, string>) =>
      api().send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('replays a deposit retried with its body keys in another order and the account id in upper case', async () => {
      const accountId = await openAccount();
      const headers = key();

      const first = await sendRaw(`/accounts/${accountId}/deposits`, '{"amount":"10.00","currency":"EUR","reference":"rent"}', headers);
      const again = await sendRaw(`/accounts/${accountId.toUpperCase()}/deposits`, '{"reference":"rent","currency":"EUR","amount":"10.00"}', headers);

      expect(first.status).toBe(201);
      expect({ status: again.status, body: again.body, etag: again.headers.get('etag'), replayed: again.headers.get('idempotent-replayed') }).toEqual({
        status: 201,
        body: first.body,
        etag: first.headers.get('etag'),
        replayed: 'true',
      });
      const account = await api().account(accountId);
      expect(account.revisions).toEqual([0n, 1n]);
      expect(account.state).toMatchObject({ balance: { amountMinor: 1_000n } });
    });

    it('replays an opening retried with reordered keys and its chosen account id in upper case: one account', async () => {
      const accountId = randomUUID();
      const headers = key();

      const first = await sendRaw('/accounts', `{"accountId":"${accountId}","ownerId":"Cust-7","currency":"EUR"}`, headers);
      const again = await sendRaw('/accounts', `{"currency":"EUR","ownerId":"Cust-7","accountId":"${accountId.toUpperCase()}"}`, headers);

      expect(first.status).toBe(201);
      expect({ status: again.status, body: again.body, location: again.headers.get('location') }).toEqual({
        status: 201,
        body: first.body,
        location: first.headers.get('location'),
      });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await api().account(accountId)).revisions).toEqual([0n]);
    });

    it('still refuses a really different body under the key: 422 IDEMPOTENCY_KEY_REUSED, nothing appended', async () => {
      const accountId = await openAccount();
      const headers = key();
      await sendRaw(`/accounts/${accountId}/deposits`, '{"amount":"10.00","currency":"EUR","reference":"rent"}', headers);

      const answers = await Promise.all(
        [
          '{"reference":"Rent","currency":"EUR","amount":"10.00"}',
          '{"currency":"EUR","amount":"10.0"}',
          '{"reference":"rent","currency":"EUR","amount":"10.00","extra":1}',
        ].map((body) => sendRaw(`/accounts/${accountId.toUpperCase()}/deposits`, body, headers)),
      );
      const owner = await sendRaw('/accounts', '{"ownerId":"cust-7","currency":"EUR"}', headers);

      expect(answers.map((answer) => [answer.status, answer.body['code']])).toEqual([
        [422, 'IDEMPOTENCY_KEY_REUSED'],
        [422, 'IDEMPOTENCY_KEY_REUSED'],
        [400, 'VALIDATION_FAILED'],
      ]);
      expect([owner.status, owner.body['code']]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
    });

    it('tells owner ids apart by case: the same key for another customer is another request', async () => {
      const headers = key();
      await sendRaw('/accounts', '{"ownerId":"Cust-8","currency":"EUR"}', headers);

      const other = await sendRaw('/accounts', '{"currency":"EUR","ownerId":"cust-8"}', headers);

      expect([other.status, other.body['code']]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    });
  });

  it('executes 20 concurrent requests with one key once; all get the same answer', async () => {
    const accountId = await openAccount();
    const headers = key();

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api().post(`/accounts/${accountId}/deposits`, { amount: '7.25', currency: 'EUR' }, headers)),
    );

    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const account = await api().account(accountId);
    expect(account.revisions).toEqual([0n, 1n]);
    expect(account.state).toMatchObject({ balance: { amountMinor: 725n } });
  });

  it('executes 20 concurrent requests with one key once across two instances', async () => {
    const second = await api().secondInstance();
    try {
      const accountId = await openAccount();
      const headers = key();

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? api() : second).post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' }, headers),
        ),
      );

      expect(new Set(answers.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`)).size).toBe(1);
      expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
    } finally {
      await second.close();
    }
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const accountId = await openAccount();

    const answer = await api().post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' }, { 'idempotency-key': 'x'.repeat(256) });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'Idempotency-Key' }] });
    expect((await api().account(accountId)).revisions).toEqual([0n]);
  });

  it('keeps the key with the events: both are stored by one commit, the key scoped to its subject', async () => {
    const accountId = await openAccount();
    const headers = key();

    await api().post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' }, headers);

    const stored = await api().pool.query<{ idempotency_key: string | null; expires_in_hours: number }>(
      `SELECT e.metadata->>'idempotencyKey' AS idempotency_key,
              (extract(epoch FROM k.expires_at - k.created_at) / 3600)::int AS expires_in_hours
         FROM "${api().schema}".events e JOIN "${api().schema}".idempotency_keys k ON k.key = '11:test-teller:' || (e.metadata->>'idempotencyKey')
        WHERE e.stream_id = $1`,
      [accountStreamId(accountId)],
    );
    expect(stored.rows).toEqual([{ idempotency_key: headers['idempotency-key'], expires_in_hours: 24 }]);
  });
});
