import { eventually } from '@ledger/event-store/testing';
import { appliedRevisionsChannelOf } from '@ledger/projections/postgres';
import { API_SESSION_LIMITS, PG_POOL } from '@ledger/platform';
import { type Pool } from 'pg';
import { adminConsole, startPrivatePgBouncer, type PrivatePgBouncer } from '../../../infra/local/src/pooling/private-pgbouncer';
import { RevisionWaiters } from '../src/read-models/revision-waiters';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';
import { project, seedAccount } from './support/account-progress';

/** The backend pid of the app's LISTEN session, from the server's own view. */
async function listenerPid(api: QueryApiUnderTest): Promise<number | undefined> {
  const { rows } = await api.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1`, [`LISTEN "${appliedRevisionsChannelOf(api.schema)}"`]);
  return rows[0]?.pid;
}

/**
 * The query API reading through a transaction-pooling PgBouncer (DATABASE_URL) and LISTENing on
 * the server itself (DATABASE_DIRECT_URL). The safety-net re-check runs once a minute, longer
 * than any wait here, so every answered wait was woken by a notification.
 */
describe('the query API through a transaction-pooling PgBouncer, LISTENing on DATABASE_DIRECT_URL', () => {
  // Filled in once PgBouncer is up, before the query API's own beforeAll reads it.
  const env: Record<string, string> = { READ_YOUR_WRITES_RECHECK_MS: '60000', DATABASE_POOL_SIZE: '6' };
  let pooler: PrivatePgBouncer | undefined;
  beforeAll(async () => {
    pooler = await startPrivatePgBouncer({ sessionLimits: API_SESSION_LIMITS, serverConnections: 2 });
    env['DATABASE_URL'] = pooler.url;
    env['DATABASE_DIRECT_URL'] = process.env['DATABASE_URL'] ?? '';
  });
  const api = queryApiForThisFile(env);
  // After the query API's own afterAll (hooks run in order): its pool closes before PgBouncer stops.
  afterAll(() => pooler?.remove());
  const pgbouncer = (): PrivatePgBouncer => {
    if (pooler === undefined) throw new Error('PgBouncer is started in beforeAll');
    return pooler;
  };
  const appPool = () => api().app.get<Pool>(PG_POOL);

  beforeAll(() => eventually(() => listenerPid(api()), (pid) => pid !== undefined));

  it('reads through PgBouncer and LISTENs on a session of its own on the server, none of PgBouncer’s', async () => {
    await api().get(`/accounts/${await seedAccount(api(), 1)}`);
    const [pid, servers, clients] = await Promise.all([
      listenerPid(api()),
      adminConsole<{ remote_pid: number }>(pgbouncer(), 'SHOW SERVERS'),
      adminConsole<{ application_name: string }>(pgbouncer(), 'SHOW CLIENTS'),
    ]);

    expect(servers.map((server) => Number(server.remote_pid))).not.toContain(pid);
    expect(clients.map((client) => client.application_name)).toContain('query-api');
    expect(clients.map((client) => client.application_name)).not.toContain('query-api-revisions');
  });

  it('answers minRevision as soon as the projector commits the revision, woken by the notification', async () => {
    const accountId = await seedAccount(api(), 1);
    const answer = api().get(`/accounts/${accountId}?minRevision=3&timeoutMs=30000`);
    await eventually(() => Promise.resolve(api().app.get(RevisionWaiters).size), (size) => size === 1);

    const began = Date.now();
    await project(api(), accountId, 2n);
    await project(api(), accountId, 3n);
    const answered = await answer;

    expect(answered.status).toBe(200);
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it('runs its reads under the APIs’ limits, set by PgBouncer, and reports its pool size on /metrics', async () => {
    const { rows } = await appPool().query<{ statement_timeout: string }>(`SELECT current_setting('statement_timeout') AS statement_timeout`);
    const metrics = await (await fetch(`${api().url}/metrics`)).text();

    expect(rows).toEqual([{ statement_timeout: '5s' }]);
    expect(metrics).toMatch(/^ledger_db_pool_max_connections\{pool="postgres",app="query-api"\} 6$/m);
  });
});
