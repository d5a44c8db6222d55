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
