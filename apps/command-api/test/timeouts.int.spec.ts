import { accountStreamId } from '@ledger/domain';
import { eventually } from '@ledger/event-store/testing';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { PoolClient } from 'pg';
import { dropSchema, startCommandApi, type CommandApiUnderTest, type HttpAnswer } from './command-api.harness';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';

/** A request whose answer can be checked for "not yet" without waiting for it. */
interface PendingAnswer {
  readonly answer: Promise<HttpAnswer>;
  settled(): boolean;
}

function pending(answer: Promise<HttpAnswer>): PendingAnswer {
  let done = false;
  void answer.finally(() => (done = true));
  return { answer, settled: () => done };
}

const openAccount = async (api: CommandApiUnderTest): Promise<string> => {
  const answer = await api.post('/accounts', { ownerId, currency: 'EUR' });
  expect(answer.status).toBe(201);
  return String(answer.body['accountId']);
};

const deposit = (api: CommandApiUnderTest, accountId: string) => api.post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' });

/** Another session locks the account's stream row, as a forgotten transaction or a slow writer elsewhere would. */
async function lockAccount(api: CommandApiUnderTest, accountId: string): Promise<PoolClient> {
  const session = await api.pool.connect();
  await session.query('BEGIN');
  await session.query(`SELECT 1 FROM "${api.schema}".streams WHERE stream_id = $1 FOR UPDATE`, [accountStreamId(accountId)]);
  return session;
}

async function release(session: PoolClient): Promise<void> {
  await session.query('ROLLBACK');
  session.release();
}

/** Statements of this test's schema that wait for a lock right now. */
async function appendsWaitingForALock(api: CommandApiUnderTest): Promise<number> {
  const { rows } = await api.pool.query<{ count: string }>(
    `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
    [`"${api.schema}".append_to_stream`],
  );
  return Number(rows[0]?.count);
}

describe('command API: a statement stuck behind another session', () => {
  const started: CommandApiUnderTest[] = [];
  const start = async (env: Record<string, string>, schema?: string): Promise<CommandApiUnderTest> => {
    const api = await startCommandApi(env, schema);
    started.push(api);
    return api;
  };
  afterAll(async () => {
    const schemas = new Set(started.map((api) => api.schema));
    await Promise.all(started.map((api) => api.close()));
    for (const schema of schemas) await dropSchema(schema);
  });

  it.each([
    ['lock_timeout', { DATABASE_LOCK_TIMEOUT_MS: '4000', DATABASE_STATEMENT_TIMEOUT_MS: '60000' }],
    ['statement_timeout', { DATABASE_LOCK_TIMEOUT_MS: '60000', DATABASE_STATEMENT_TIMEOUT_MS: '4000' }],
  ])(
    'does not hold up commands on other accounts, and fails in time (%s) with 503 EVENT_STORE_TIMEOUT, storing nothing',
    async (_limit, env) => {
      const api = await start(env);
      const [stuck, other] = [await openAccount(api), await openAccount(api)];
      const session = await lockAccount(api, stuck);
      try {
        const blocked = pending(deposit(api, stuck));
        await eventually(() => appendsWaitingForALock(api), (waiting) => waiting > 0);

        const meanwhile = await deposit(api, other);

        expect(meanwhile.status).toBe(201);
        expect(blocked.settled()).toBe(false);
        const timedOut = await blocked.answer;
        expect(timedOut.status).toBe(503);
        expect(timedOut.body).toMatchObject({ code: 'EVENT_STORE_TIMEOUT', status: 503 });
        expect(timedOut.headers.get('retry-after')).toBe('1');
      } finally {
        await release(session);
      }
      expect((await api.account(stuck)).revisions).toEqual([0n]);
      expect((await deposit(api, stuck)).status).toBe(201);
    },
  );

  it('refuses commands beyond COMMAND_QUEUE_MAX_PER_ACCOUNT on one account with 503 and Retry-After, and runs the ones it queued', async () => {
    const api = await start({ COMMAND_QUEUE_MAX_PER_ACCOUNT: '2', DATABASE_LOCK_TIMEOUT_MS: '60000', DATABASE_STATEMENT_TIMEOUT_MS: '60000' });
    const [busy, other] = [await openAccount(api), await openAccount(api)];
    const session = await lockAccount(api, busy);
    const queued: PendingAnswer[] = [pending(deposit(api, busy)), pending(deposit(api, busy))];
    try {
      await eventually(() => appendsWaitingForALock(api), (waiting) => waiting > 0);

      const refused = await deposit(api, busy);

      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'TOO_MANY_PENDING_COMMANDS', status: 503 });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await deposit(api, other)).status).toBe(201);
      expect(queued.map((answer) => answer.settled())).toEqual([false, false]);
    } finally {
      await release(session);
    }
    const answers = await Promise.all(queued.map((answer) => answer.answer));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect((await api.account(busy)).revisions).toEqual([0n, 1n, 2n]);
  });
});

/** A TCP hop in front of PostgreSQL that can freeze: connections stay open, nothing goes through. */
class FreezableProxy {
  frozen = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(from);
        from.on('data', (chunk: Buffer) => {
          if (!this.frozen) to.write(chunk);
        });
        from.on('error', () => to.destroy());
        from.on('close', () => to.destroy());
      }
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    const url = new URL(this.target.href);
    url.port = String(address.port);
    return url.href;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }
}

describe('command API: a PostgreSQL server that stops answering', () => {
  it('answers a command with a 503 problem once the client gives up waiting, instead of holding the request', async () => {
    const proxy = new FreezableProxy(new URL(process.env['DATABASE_URL'] ?? ''));
    const viaProxy = await proxy.listen();
    const api = await startCommandApi({ DATABASE_URL: viaProxy, DATABASE_STATEMENT_TIMEOUT_MS: '2000' });
    try {
      const accountId = await openAccount(api);

      proxy.frozen = true;
      const answer = await deposit(api, accountId);

      expect(answer.status).toBe(503);
      // The statement's connection stopped answering (query_timeout); a new one cannot be opened (connect timeout).
      expect(['EVENT_STORE_TIMEOUT', 'EVENT_STORE_UNAVAILABLE']).toContain(answer.body['code']);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      proxy.frozen = false;
      await api.close();
      await proxy.close();
      await dropSchema(api.schema);
    }
  }, 30_000);
});
