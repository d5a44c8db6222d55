import { accountStreamId } from '@ledger/domain';
import { eventually } from '@ledger/event-store/testing';
import { API_SESSION_LIMITS, PG_POOL, sessionLimitsOf, type PostgresTimeouts } from '@ledger/platform';
import { randomUUID } from 'node:crypto';
import { type Pool } from 'pg';
import { adminConsole, startPrivatePgBouncer, type PrivatePgBouncer } from '../../../infra/local/src/pooling/private-pgbouncer';
import { dropSchema, startCommandApi, type CommandApiUnderTest } from './command-api.harness';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';

/** The app's limits as variables, the same values the pooler sets on its server connections. */
function limitsEnv(limits: PostgresTimeouts): Record<string, string> {
  return {
    DATABASE_STATEMENT_TIMEOUT_MS: String(limits.statementTimeoutMs),
    DATABASE_LOCK_TIMEOUT_MS: String(limits.lockTimeoutMs),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: String(limits.idleInTransactionTimeoutMs),
  };
}

/** Transactions PgBouncer has run for the pooled database so far (SHOW STATS). */
async function pooledTransactions(pooler: PrivatePgBouncer): Promise<number> {
  const rows = await adminConsole<{ database: string; total_xact_count: string }>(pooler, 'SHOW STATS');
  return Number(rows.find((row) => row.database === 'ledger')?.total_xact_count);
}

const sessionLimitsWarning = 'PostgreSQL sessions do not run under the configured DATABASE_*_TIMEOUT_MS limits';

function startedInBeforeAll(what: string): never {
  throw new Error(`${what} is started in beforeAll`);
}

/** One command API on a PgBouncer of its own, torn down after the file's tests. */
function commandApiThroughPgBouncer(sessionLimits: PostgresTimeouts | undefined, env: Record<string, string>) {
  let pooler: PrivatePgBouncer | undefined;
  let api: CommandApiUnderTest | undefined;
  beforeAll(async () => {
    // Fewer server connections than the app's pool: its clients really share them.
    pooler = await startPrivatePgBouncer({ sessionLimits, serverConnections: 4 });
    api = await startCommandApi({ DATABASE_URL: pooler.url, ...env });
  });
  afterAll(async () => {
    await api?.close();
    await pooler?.remove();
    if (api !== undefined) await dropSchema(api.schema);
  });
  return {
    api: () => api ?? startedInBeforeAll('the command API'),
    pooler: () => pooler ?? startedInBeforeAll('PgBouncer'),
  };
}

describe('the command API through a transaction-pooling PgBouncer, with the APIs’ limits set by the pooler', () => {
  const { api, pooler } = commandApiThroughPgBouncer(API_SESSION_LIMITS, { DATABASE_POOL_SIZE: '12' });
  const openAccount = async (): Promise<string> => String((await api().post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);

  it('takes 50 concurrent deposits on one account, all through PgBouncer: each revision once, the balance exact', async () => {
    const accountId = await openAccount();
    const transactionsBefore = await pooledTransactions(pooler());

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => api().post(`/accounts/${accountId}/deposits`, { amount: `${i + 1}.01`, currency: 'EUR' })));

    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 50 }, () => 201));
    expect(answers.map((answer) => Number(answer.body['revision'])).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const account = await api().account(accountId);
    expect(account.revisions).toHaveLength(51);
    expect(account.state).toMatchObject({ balance: { amountMinor: 127_550n } });
    expect((await pooledTransactions(pooler())) - transactionsBefore).toBeGreaterThanOrEqual(50);
  });

  it('runs a command sent five times at once with one Idempotency-Key once, and replays its answer to the others and to a later retry', async () => {
    const accountId = await openAccount();
    const headers = { 'idempotency-key': `key-${randomUUID()}` };
    const send = () => api().post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers);

    const together = await Promise.all(Array.from({ length: 5 }, send));
    const later = await send();

    const answers = [...together, later];
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 6 }, () => 201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
  });

  it('runs its sessions under its configured limits, so it warns about none, and reports its pool size on /metrics', async () => {
    const client = await api().app.get<Pool>(PG_POOL).connect();
    const applied = await sessionLimitsOf(client).finally(() => client.release());
    const metrics = await (await fetch(`${api().url}/metrics`)).text();

    expect(applied).toEqual({ statement_timeout: 5_000, lock_timeout: 2_000, idle_in_transaction_session_timeout: 10_000 });
    expect(api().logLines.filter((line) => line.includes(sessionLimitsWarning))).toEqual([]);
    expect(metrics).toMatch(/^ledger_db_pool_max_connections\{pool="postgres",app="command-api"\} 12$/m);
  });
});

describe('the command API’s limits, enforced through PgBouncer by the server', () => {
  // Each short, and the lock limit well below the statement limit, so a lock wait ends by its own.
  const limits: PostgresTimeouts = { statementTimeoutMs: 2_000, lockTimeoutMs: 500, idleInTransactionTimeoutMs: 1_000 };
  const { api } = commandApiThroughPgBouncer(limits, limitsEnv(limits));
  const appPool = () => api().app.get<Pool>(PG_POOL);

  it('has a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS cancelled (57014)', async () => {
    const began = Date.now();
    const failure = await appPool().query('SELECT pg_sleep(10)').then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({ code: '57014' });
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('answers a command stuck behind another session’s lock with 503 EVENT_STORE_TIMEOUT after DATABASE_LOCK_TIMEOUT_MS, storing nothing', async () => {
    const accountId = String((await api().post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);
    const direct = await api().pool.connect();
    try {
      await direct.query('BEGIN');
      await direct.query(`SELECT 1 FROM "${api().schema}".streams WHERE stream_id = $1 FOR UPDATE`, [accountStreamId(accountId)]);

      const began = Date.now();
      const stuck = await api().post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' });

      expect({ status: stuck.status, code: stuck.body['code'] }).toEqual({ status: 503, code: 'EVENT_STORE_TIMEOUT' });
      expect(Date.now() - began).toBeLessThan(limits.statementTimeoutMs);
    } finally {
      await direct.query('ROLLBACK');
      direct.release();
    }
    expect((await api().account(accountId)).revisions).toEqual([0n]);
  });

  it('has a transaction left idle past DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS ended by the server, and the pool goes on', async () => {
    const client = await appPool().connect();
    let failure: unknown;
    try {
      await client.query('BEGIN');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      failure = await client.query('SELECT 1').then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      client.release(failure instanceof Error ? failure : undefined);
    }

    // The server's own FATAL reaches the app through PgBouncer, before the connection closes.
    const endedBy = api()
      .logLines.filter((line) => line.includes('PostgreSQL connection failed while in use'))
      .map((line) => (JSON.parse(line) as { error?: { code?: string } }).error?.code);
    expect(failure).toBeInstanceOf(Error);
    expect(endedBy).toContain('25P03');
    expect((await appPool().query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});

describe('the command API through a PgBouncer that drops its limits and sets none', () => {
  const { api } = commandApiThroughPgBouncer(undefined, {});

  it('still works, and warns naming each limit its sessions run without', async () => {
    expect((await api().post('/accounts', { ownerId, currency: 'EUR' })).status).toBe(201);

    const warning = await eventually(
      () => Promise.resolve(api().logLines.find((line) => line.includes(sessionLimitsWarning))),
      (line) => line !== undefined,
    );
    // The server-wide limit (the stack's is 60 s: postgres.ts), not the app's.
    const serverWideIdleLimit: unknown = expect.stringMatching(/^idle_in_transaction_session_timeout: \d+ ms \(configured 10000 ms\)$/);
    expect(JSON.parse(warning ?? '{}')).toMatchObject({
      'log.level': 'warn',
      differences: [
        'statement_timeout: 0 ms (configured 5000 ms)',
        'lock_timeout: 0 ms (configured 2000 ms)',
        serverWideIdleLimit,
      ],
    });
  });
});
