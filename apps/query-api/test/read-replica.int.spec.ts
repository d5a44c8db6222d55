import { accountStreamId } from '@ledger/domain';
import { eventually } from '@ledger/event-store/testing';
import { PG_POOL } from '@ledger/platform';
import { Client, type Pool } from 'pg';
import { startPrivateReplica, type PrivateReplica } from '../../../infra/local/src/replication/private-replica';
import { RevisionWaiters } from '../src/read-models/revision-waiters';
import { queryApiForThisFile, type QueryApiUnderTest } from './query-api.harness';
import { project, seedAccount } from './support/account-progress';

async function revisionOnPrimary(api: QueryApiUnderTest, accountId: string): Promise<string | undefined> {
  const { rows } = await api.pool.query<{ revision: string }>(
    `SELECT revision::text FROM "${api.schema}".projection_stream_revisions WHERE projection = 'account-summary' AND stream_id = $1`,
    [accountStreamId(accountId)],
  );
  return rows[0]?.revision;
}

/** The value of the replica lag gauge on /metrics, undefined when absent. */
async function lagGauge(api: QueryApiUnderTest): Promise<number | undefined> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const line = /^ledger_db_replica_lag_seconds\{[^}]*\} (\S+)$/m.exec(text);
  return line?.[1] === undefined ? undefined : Number(line[1]);
}

/**
 * The query API on a private streaming replica of the stack's PostgreSQL. Everything is written
 * on the primary; replay on the replica is paused to hold it behind. The safety-net re-check runs
 * once a minute, longer than any wait here, so what answers a wait is the replica's own state.
 */
describe('the query API reading from a streaming replica (READ_DATABASE_URL)', () => {
  // Filled in once the replica is up, before the query API's own beforeAll reads it.
  const env: Record<string, string> = { READ_YOUR_WRITES_RECHECK_MS: '60000', READ_REPLICA_MAX_LAG_SECONDS: '1' };
  let replica: PrivateReplica | undefined;
  let replicaAdmin: Client;
  beforeAll(async () => {
    replica = await startPrivateReplica();
    env['READ_DATABASE_URL'] = replica.url;
    replicaAdmin = new Client({ connectionString: replica.adminUrl });
    await replicaAdmin.connect();
  });
  const api = queryApiForThisFile(env);
  // After the query API's own afterAll (hooks run in order): it closes its pool on the replica first.
  afterAll(async () => {
    await replicaAdmin?.end();
    await replica?.remove();
  });
  const waiters = () => api().app.get(RevisionWaiters);
  const readPool = () => api().app.get<Pool>(PG_POOL);

  afterEach(() => replicaAdmin.query('SELECT pg_wal_replay_resume()'));

  /** Seeded without a notification, so only the replica itself can tell when it replayed the seed. */
  const onReplica = (accountId: string, revision: string) =>
    eventually(
      async () => (await readPool().query<{ revision: string }>(`SELECT revision::text FROM "${api().schema}".projection_stream_revisions WHERE stream_id = $1`, [accountStreamId(accountId)])).rows[0]?.revision,
      (applied) => applied === revision,
      { what: `the replica replayed revision ${revision} of ${accountId}` },
    );

  it('reads from the replica: the pool is connected to a server in recovery', async () => {
    const { rows } = await readPool().query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
    expect(rows).toEqual([{ recovering: true }]);
  });

  it('answers minRevision by what the replica applied, not the primary: 503 READ_MODEL_BEHIND while its replay is paused, even when the primary’s notification comes during the wait', async () => {
    const accountId = await seedAccount(api(), 1);
    await onReplica(accountId, '1');
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');

    const answer = api().get(`/accounts/${accountId}?minRevision=2&timeoutMs=1500`);
    await eventually(() => waiters().size, (size) => size === 1);
    await project(api(), accountId, 2n);
    const behind = await answer;

    expect(await revisionOnPrimary(api(), accountId)).toBe('2');
    expect({ status: behind.status, code: behind.body['code'], appliedRevision: behind.body['appliedRevision'] }).toEqual({ status: 503, code: 'READ_MODEL_BEHIND', appliedRevision: 1 });
  });

  it('answers a waiter once the replica replays the revision the primary announced', async () => {
    const accountId = await seedAccount(api(), 1);
    await onReplica(accountId, '1');
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    const answer = api().get(`/accounts/${accountId}?minRevision=2&timeoutMs=30000`);
    await eventually(() => waiters().size, (size) => size === 1);

    await project(api(), accountId, 2n);
    await replicaAdmin.query('SELECT pg_wal_replay_resume()');

    expect((await answer).status).toBe(200);
  });

  it('shows the replica’s lag on /metrics and /health/ready, which is not ready past READ_REPLICA_MAX_LAG_SECONDS and ready again once it caught up', async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    // Something for the replica to fall behind on.
    await seedAccount(api(), 1);

    const notReady = await eventually(() => api().get('/health/ready'), (answer) => answer.status === 503);
    const lagWhilePaused = await lagGauge(api());
    await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    const ready = await eventually(() => api().get('/health/ready'), (answer) => answer.status === 200);

    const whyDown: unknown = expect.stringMatching(/behind its primary, more than READ_REPLICA_MAX_LAG_SECONDS \(1 s\); its replay is paused$/);
    expect(notReady.body['checks']).toMatchObject({ replica: { status: 'down', error: whyDown } });
    expect(lagWhilePaused).toBeGreaterThan(1);
    expect(ready.body['checks']).toMatchObject({ replica: { status: 'up', details: { inRecovery: true, replayPaused: false, maxLagSeconds: 1 } } });
    expect(await eventually(() => lagGauge(api()), (lag) => lag === 0)).toBe(0);
  });
});
