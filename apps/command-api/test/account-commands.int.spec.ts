import { accountStreamId } from '@ledger/domain';
import { randomUUID } from 'node:crypto';
import { commandApiForThisFile, type HttpAnswer } from './command-api.harness';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';
// Typed as unknown: jest's asymmetric matchers are `any`, which lint rightly refuses to spread around.
const anyString: unknown = expect.any(String);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

/** Every row of API.md's command table and every error code, over HTTP against real PostgreSQL. */
describe('command API: the commands of API.md', () => {
  const api = commandApiForThisFile();

  const open = async (currency = 'EUR'): Promise<string> => {
    const answer = await api().post('/accounts', { ownerId, currency });
    expect(answer.status).toBe(201);
    return String(answer.body['accountId']);
  };
  const deposit = (id: string, amount: string, currency = 'EUR', headers: Record<string, string> = {}) =>
    api().post(`/accounts/${id}/deposits`, { amount, currency }, headers);
  const withdraw = (id: string, amount: string, currency = 'EUR') => api().post(`/accounts/${id}/withdrawals`, { amount, currency });
  const expectProblem = (answer: HttpAnswer, status: number, code: string) => {
    expect({ status: answer.status, code: answer.body['code'] }).toEqual({ status, code });
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: anyString, title: anyString, status, detail: anyString });
  };

  describe('POST /accounts', () => {
    it('opens an account: 201, its position, ETag "0" and Location', async () => {
      const answer = await api().post('/accounts', { ownerId, currency: 'EUR' });

      expect(answer.status).toBe(201);
      const accountId = String(answer.body['accountId']);
      expect(answer.body).toEqual({ accountId, streamId: accountStreamId(accountId), revision: 0, position: matching(/^\d+$/) });
      expect(answer.headers.get('etag')).toBe('"0"');
      expect(answer.headers.get('location')).toBe(`/accounts/${accountId}`);
      expect((await api().account(accountId)).state).toMatchObject({ status: 'open', ownerId, balance: { amountMinor: 0n, currency: 'EUR' } });
    });

    it('opens with the id the client chose, stored in lower case', async () => {
      const chosen = randomUUID().toUpperCase();

      const answer = await api().post('/accounts', { accountId: chosen, ownerId, currency: 'JPY' });

      expect(answer.status).toBe(201);
      expect(answer.body['accountId']).toBe(chosen.toLowerCase());
    });

    it('refuses a second opening of the same id: 409 ACCOUNT_ALREADY_OPEN, nothing appended', async () => {
      const accountId = await open();

      expectProblem(await api().post('/accounts', { accountId, ownerId, currency: 'EUR' }), 409, 'ACCOUNT_ALREADY_OPEN');
      expect((await api().account(accountId)).revisions).toEqual([0n]);
    });
  });

  describe('deposits and withdrawals', () => {
    it('deposits: 201 with the next revision, and the exact balance in minor units', async () => {
      const accountId = await open();

      const first = await deposit(accountId, '125.50');
      const second = await deposit(accountId, '0.05');

      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ accountId, revision: 1 });
      expect(second.headers.get('etag')).toBe('"2"');
      expect(BigInt(String(second.body['position'])) > BigInt(String(first.body['position']))).toBe(true);
      expect((await api().account(accountId)).state).toMatchObject({ balance: { amountMinor: 12_555n } });
    });

    it('withdraws: 201, down to exactly zero', async () => {
      const accountId = await open('BHD');
      await deposit(accountId, '1.005', 'BHD');

      const answer = await withdraw(accountId, '1.005', 'BHD');

      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ revision: 2 });
      expect((await api().account(accountId)).state).toMatchObject({ balance: { amountMinor: 0n, currency: 'BHD' } });
    });

    it('422 INSUFFICIENT_FUNDS with the balance and the request; nothing appended', async () => {
      const accountId = await open();
      await deposit(accountId, '10');

      const answer = await withdraw(accountId, '10.01');

      expectProblem(answer, 422, 'INSUFFICIENT_FUNDS');
      expect(answer.body).toMatchObject({ balance: '10.00', requested: '10.01', currency: 'EUR' });
      expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
    });

    it('422 CURRENCY_MISMATCH for money in another currency', async () => {
      const accountId = await open();

      const answer = await deposit(accountId, '5', 'USD');

      expectProblem(answer, 422, 'CURRENCY_MISMATCH');
      expect(answer.body).toMatchObject({ accountCurrency: 'EUR', requestedCurrency: 'USD' });
    });

    it('404 ACCOUNT_NOT_FOUND for an account that was never opened', async () => {
      expectProblem(await deposit(randomUUID(), '5'), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await withdraw(randomUUID(), '5'), 404, 'ACCOUNT_NOT_FOUND');
    });
  });

  describe('freeze, unfreeze, close', () => {
    it('freezes (200): deposits still land, withdrawals get 422 ACCOUNT_FROZEN', async () => {
      const accountId = await open();
      await deposit(accountId, '20');

      const frozen = await api().post(`/accounts/${accountId}/freeze`, { reason: 'suspected fraud' });

      expect(frozen.status).toBe(200);
      expect(frozen.body).toMatchObject({ accountId, revision: 2 });
      expect((await deposit(accountId, '1')).status).toBe(201);
      expectProblem(await withdraw(accountId, '1'), 422, 'ACCOUNT_FROZEN');
    });

    it('freezing a frozen account changes nothing and answers the current revision', async () => {
      const accountId = await open();
      await api().post(`/accounts/${accountId}/freeze`, { reason: 'first' });

      const again = await api().post(`/accounts/${accountId}/freeze`, { reason: 'second' });

      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ revision: 1 });
      expect((await api().account(accountId)).state).toMatchObject({ status: 'frozen', reason: 'first' });
    });

    it('unfreezes (200): withdrawals work again', async () => {
      const accountId = await open();
      await deposit(accountId, '3');
      await api().post(`/accounts/${accountId}/freeze`, { reason: 'check' });

      const unfrozen = await api().post(`/accounts/${accountId}/unfreeze`, {});

      expect(unfrozen.status).toBe(200);
      expect(unfrozen.headers.get('etag')).toBe('"3"');
      expect((await withdraw(accountId, '3')).status).toBe(201);
    });

    it('closes at zero balance (200); a closed account takes nothing: 422 ACCOUNT_CLOSED', async () => {
      const accountId = await open();

      const closed = await api().post(`/accounts/${accountId}/close`, {});

      expect(closed.status).toBe(200);
      expectProblem(await deposit(accountId, '1'), 422, 'ACCOUNT_CLOSED');
      expectProblem(await api().post(`/accounts/${accountId}/freeze`, { reason: 'late' }), 422, 'ACCOUNT_CLOSED');
    });

    it('refuses to close with money left: 422 BALANCE_NOT_ZERO with the balance', async () => {
      const accountId = await open();
      await deposit(accountId, '0.01');

      const answer = await api().post(`/accounts/${accountId}/close`, {});

      expectProblem(answer, 422, 'BALANCE_NOT_ZERO');
      expect(answer.body).toMatchObject({ balance: '0.01' });
    });

    it('refuses to close a frozen account: 422 ACCOUNT_FROZEN', async () => {
      const accountId = await open();
      await api().post(`/accounts/${accountId}/freeze`, { reason: 'hold' });

      expectProblem(await api().post(`/accounts/${accountId}/close`, {}), 422, 'ACCOUNT_FROZEN');
    });

    it('answers 404 ACCOUNT_NOT_FOUND on freeze, unfreeze and close of an unknown account', async () => {
      const unknown = randomUUID();
      expectProblem(await api().post(`/accounts/${unknown}/freeze`, { reason: 'x' }), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await api().post(`/accounts/${unknown}/unfreeze`, {}), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await api().post(`/accounts/${unknown}/close`, {}), 404, 'ACCOUNT_NOT_FOUND');
    });
  });

  describe('If-Match', () => {
    it('appends when the revision matches', async () => {
      const accountId = await open();

      const answer = await deposit(accountId, '1', 'EUR', { 'if-match': '"0"' });

      expect(answer.status).toBe(201);
      expect(answer.headers.get('etag')).toBe('"1"');
    });

    it('412 REVISION_MISMATCH with the current revision when it does not; nothing appended', async () => {
      const accountId = await open();
      await deposit(accountId, '1');

      const answer = await deposit(accountId, '1', 'EUR', { 'if-match': '"0"' });

      expectProblem(answer, 412, 'REVISION_MISMATCH');
      expect(answer.body).toMatchObject({ expectedRevision: 0, currentRevision: 1 });
      expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
    });

    it('404 for If-Match on an account that does not exist', async () => {
      expectProblem(await deposit(randomUUID(), '1', 'EUR', { 'if-match': '"0"' }), 404, 'ACCOUNT_NOT_FOUND');
    });

    it('400 for an If-Match that is not a revision, or one sent when opening', async () => {
      const accountId = await open();
      const bad = await deposit(accountId, '1', 'EUR', { 'if-match': 'W/"abc"' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body['errors']).toEqual([{ field: 'If-Match', message: anyString }]);
      expectProblem(await api().post('/accounts', { ownerId, currency: 'EUR' }, { 'if-match': '"0"' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('event metadata', () => {
    it('stores correlation, causation, traceparent, actor and occurredAt from the edge on every event', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const answer = await api().post('/accounts', { ownerId, currency: 'EUR' }, { 'x-correlation-id': 'corr-meta-1', traceparent });
      const accountId = String(answer.body['accountId']);

      const stored = await api().pool.query<{ metadata: Record<string, unknown> }>(
        `SELECT metadata FROM "${api().schema}".events WHERE stream_id = $1`,
        [accountStreamId(accountId)],
      );

      expect(answer.headers.get('x-correlation-id')).toBe('corr-meta-1');
      expect(stored.rows[0]?.metadata).toEqual({
        correlationId: 'corr-meta-1',
        causationId: matching(/^[0-9a-f-]{36}$/),
        traceparent,
        actor: 'test-teller',
        actorRoles: 'teller',
        occurredAt: matching(/^\d{4}-\d\d-\d\dT/),
      });
    });
  });

  describe('operations', () => {
    it('counts commands by type and outcome on /metrics, with a latency histogram', async () => {
      const accountId = await open();
      await withdraw(accountId, '1');

      const metrics = await (await fetch(`${api().url}/metrics`)).text();

      expect(metrics).toMatch(/ledger_commands_total\{[^}]*command="OpenAccount",outcome="accepted"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/ledger_commands_total\{[^}]*command="WithdrawMoney",outcome="refused"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/ledger_command_duration_seconds_count\{[^}]*command="OpenAccount",outcome="accepted"/);
    });

    it('times event store appends by outcome, counts their events and shows its connection pool on /metrics', async () => {
      await deposit(await open(), '5');

      const metrics = await (await fetch(`${api().url}/metrics`)).text();

      expect(metrics).toMatch(/ledger_event_store_append_duration_seconds_count\{[^}]*outcome="appended"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/ledger_event_store_append_events_bucket\{le="1"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/ledger_db_pool_max_connections\{[^}]*pool="postgres"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/ledger_db_pool_connections\{[^}]*pool="postgres",state="idle"[^}]*\} \d+/);
    });

    it('logs each command with its correlation id, stream id and revision', async () => {
      const answer = await api().post('/accounts', { ownerId, currency: 'EUR' }, { 'x-correlation-id': 'corr-log-1' });

      const line = api().logLines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry['correlationId'] === 'corr-log-1' && entry['message'] === 'command handled');

      expect(line).toMatchObject({ streamId: accountStreamId(String(answer.body['accountId'])), revision: 0, outcome: 'accepted', command: 'OpenAccount' });
    });

    it('publishes every command with its request schema at /docs/json, generated from the DTOs', async () => {
      const document = (await (await fetch(`${api().url}/docs/json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> };
      };

      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/accounts',
          '/accounts/{id}/deposits',
          '/accounts/{id}/withdrawals',
          '/accounts/{id}/freeze',
          '/accounts/{id}/unfreeze',
          '/accounts/{id}/close',
        ]),
      );
      expect(document.components.schemas['MoneyMovementRequest']?.required).toEqual(['amount', 'currency']);
      expect(Object.keys(document.components.schemas['OpenAccountRequest']?.properties ?? {})).toEqual(['accountId', 'ownerId', 'currency']);
    });

    it('reports the event store on /health', async () => {
      const health = await (await fetch(`${api().url}/health`)).json();

      expect(health).toMatchObject({ status: 'up', checks: { postgres: { status: 'up' }, eventStore: { status: 'up', details: { schema: api().schema } } } });
    });
  });
});
