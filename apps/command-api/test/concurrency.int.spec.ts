import { accountStreamId, encodeAccountEvent } from '@ledger/domain';
import { AccountFixture } from '@ledger/domain/testing';
import { appendWith } from '@ledger/event-store/postgres';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { commandApiForThisFile, startCommandApi, type CommandApiUnderTest } from './command-api.harness';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';

/** Sends a deposit and drops the connection after `afterMs`, without reading the answer. */
function depositAndHangUp(url: string, accountId: string, key: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ amount: '1', currency: 'EUR' });
    const sent = request(`${url}/accounts/${accountId}/deposits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
    });
    sent.on('error', () => resolve());
    sent.on('close', () => resolve());
    sent.end(body);
    setTimeout(() => sent.destroy(), afterMs);
  });
}


/** The first deposit (1.00 EUR) of a fresh account, written by another writer straight through the store. */
function foreignDeposit(accountId: string) {
  const event = new AccountFixture(undefined, 'EUR', accountId).deposited(100n, 100n);
  const { type, schemaVersion, data } = encodeAccountEvent(event);
  return { eventId: randomUUID(), type, schemaVersion, data: JSON.parse(JSON.stringify(data)) as { [key: string]: string }, metadata: {} };
}

/**
 * Holds another writer's append to the account open, lets `send` start a command that will
 * conflict with it, waits until that command's append is queued behind the open one, then
 * commits: the command is guaranteed to find the stream moved under it.
 */
async function conflictWith<T>(api: CommandApiUnderTest, accountId: string, send: () => Promise<T>): Promise<T> {
  const client = await api.pool.connect();
  try {
    await client.query('BEGIN');
    await appendWith(client, api.schema, accountStreamId(accountId), [foreignDeposit(accountId)], { expectedRevision: 0n });
    const answer = send();
    for (let waited = 0; waited < 10_000; waited += 20) {
      const waiting = await api.pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'command-api' AND wait_event_type = 'Lock'`);
      if ((waiting.rowCount ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.query('COMMIT');
    return await answer;
  } finally {
    client.release();
  }
}

describe('command API under concurrency', () => {
  const api = commandApiForThisFile();

  const openAccount = async (): Promise<string> => String((await api().post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);
  const deposit = (instance: CommandApiUnderTest, accountId: string, amount: string) =>
    instance.post(`/accounts/${accountId}/deposits`, { amount, currency: 'EUR' });

  it('50 concurrent deposits to one account all succeed, each revision used once, the balance exact', async () => {
    const accountId = await openAccount();

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => deposit(api(), accountId, `${i + 1}.01`)));

    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 50 }, () => 201));
    const revisions = answers.map((answer) => Number(answer.body['revision'])).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const account = await api().account(accountId);
    expect(account.revisions).toHaveLength(51);
    // Σ (i + 1.01) for i in 0..49 = 1275 + 0.50 → 1275.50 EUR
    expect(account.state).toMatchObject({ balance: { amountMinor: 127_550n } });
  });

  it('reloads and decides again when another writer appended between load and append', async () => {
    const accountId = await openAccount();

    const answer = await conflictWith(api(), accountId, () => deposit(api(), accountId, '2'));

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ revision: 2 });
    expect((await api().account(accountId)).state).toMatchObject({ balance: { amountMinor: 300n } });
  });

  it('409 CONCURRENCY_CONFLICT when the retries run out; nothing of the command is stored', async () => {
    const oneAttempt = await startCommandApi({ COMMAND_MAX_ATTEMPTS: '1' }, api().schema);
    try {
      const accountId = await openAccount();

      const answer = await conflictWith(oneAttempt, accountId, () => deposit(oneAttempt, accountId, '2'));

      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'CONCURRENCY_CONFLICT', attempts: 1 });
      expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
    } finally {
      await oneAttempt.close();
    }
  });

  it('two instances racing on one account resolve conflicts by reloading and retrying', async () => {
    // Enough attempts that losing every race in a row cannot happen by chance: this checks the retry, not its limit.
    const first = await startCommandApi({ COMMAND_MAX_ATTEMPTS: '50' }, api().schema);
    const second = await first.secondInstance();
    try {
      const accountId = await openAccount();

      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => deposit(i % 2 === 0 ? first : second, accountId, '2')));

      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 30 }, () => 201));
      expect(new Set(answers.map((answer) => answer.body['revision'])).size).toBe(30);
      expect((await api().account(accountId)).state).toMatchObject({ balance: { amountMinor: 6_000n } });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('clients that hang up mid-request leave whole commands or none; retrying with the key completes each once', async () => {
    const accountId = await openAccount();
    const keys = Array.from({ length: 20 }, () => `hangup-${randomUUID()}`);

    await Promise.all(keys.map((key, i) => depositAndHangUp(api().url, accountId, key, i % 5)));
    const stored = await api().account(accountId);
    const recordedKeys = await api().pool.query<{ count: string }>(`SELECT count(*) FROM "${api().schema}".idempotency_keys WHERE key = ANY($1)`, [keys]);
    // Whatever got through is whole: one event per recorded key, no event without its key.
    expect(stored.revisions.length - 1).toBe(Number(recordedKeys.rows[0]?.count));

    const retried = await Promise.all(keys.map((key) => api().post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' }, { 'idempotency-key': key })));

    expect(retried.map((answer) => answer.status)).toEqual(keys.map(() => 201));
    const account = await api().account(accountId);
    expect(account.revisions).toHaveLength(21);
    expect(account.state).toMatchObject({ balance: { amountMinor: 2_000n } });
  });
});
