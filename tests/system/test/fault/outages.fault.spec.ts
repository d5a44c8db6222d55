import { PostgresEventStore } from '@ledger/event-store/postgres';
import { MongoClient } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@ledger/event-store/testing';
import { Pool } from 'pg';
import { expectedViews, foldFromStore, readModelViews, settledViews } from '../read-model-check';
import { RunningSystem, type AppName } from '../system.harness';
import { KeyedClients, type Attempt } from './keyed-clients';
import { PrivateStack, type ServerName } from './private-stack';

const apps: readonly AppName[] = ['command-api', 'query-api', 'projector', 'event-relay'];
/** The longest any request may take, whatever a server does (docs/operations.md, "When a server is out"). */
const REQUEST_BOUND_MS = 10_000;
/** What a busy shared machine may add to that bound between the app's answer and the client's clock. */
const SCHEDULING_SLACK_MS = 2_000;
const OUTAGE_MS = 10_000;
const FREEZE_MS = 20_000;

interface OutageReport {
  readonly outage: string;
  readonly unavailable: number;
  readonly secondsToFirstAccepted: string;
  readonly secondsToAllReady: string;
}

/**
 * Every server the system needs goes away under keyed load and comes back as an operator brings
 * it back (`npm run stack -- up`): no app may exit, answer 500 or hold a request past its bound,
 * and once all is back every accepted deposit must be applied exactly once in every read model.
 * The stack is this file's own, so killing its servers disturbs no other test.
 */
describe('outages of the servers under keyed load', () => {
  let stack: PrivateStack;
  let system: RunningSystem;
  let clients: KeyedClients;
  let pool: Pool;
  let mongo: MongoClient;
  const pids = new Map<AppName, number>();
  const reports: OutageReport[] = [];

  beforeAll(async () => {
    stack = await PrivateStack.start();
    system = new RunningSystem({ ...stack.env, LOG_LEVEL: 'warn' });
    await system.start('command-api');
    await Promise.all((['event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
    for (const name of apps) pids.set(name, system.process(name).pid);
    pool = new Pool({ connectionString: stack.env['DATABASE_URL'], max: 2 });
    // Kept from throwing while its server is killed; it is only used once all is back.
    pool.on('error', () => undefined);
    mongo = new MongoClient(stack.env['MONGODB_URL'] ?? '');
    clients = new KeyedClients(system.url('command-api'), system.url('query-api'), 16);
    await clients.open();
  });

  afterAll(async () => {
    process.stderr.write(`outage figures:\n${reports.map((r) => `  ${r.outage}: ${r.unavailable} × 503, first accepted command ${r.secondsToFirstAccepted} s and every app ready ${r.secondsToAllReady} s after the server was back`).join('\n')}\n`);
    await system?.stopAll();
    await pool?.end();
    await mongo?.close();
    await stack?.stop();
  });

  /**
   * Runs the load, lets `fault` take a server away for its time, brings it back with `restore`,
   * and keeps the load on until a deposit was accepted again; then checks what users saw.
   */
  async function underLoad(outage: string, fault: () => Promise<() => Promise<void>>): Promise<void> {
    const started = Date.now();
    clients.start();
    await sleep(2_000);
    const began = Date.now();
    const restore = await fault();
    await restore();
    const back = Date.now();
    while (clients.firstAcceptedAfter(back) === undefined && Date.now() - back < 60_000) await sleep(100);
    await sleep(2_000);
    await clients.stop();
    const allReady = await secondsUntilReady(back);

    const firstAccepted = clients.firstAcceptedAfter(back);
    const during = clients.between(began, back);
    reports.push({
      outage,
      unavailable: during.filter((attempt) => attempt.status === 503).length,
      secondsToFirstAccepted: firstAccepted === undefined ? 'never' : (Math.max(0, firstAccepted - back) / 1_000).toFixed(1),
      secondsToAllReady: allReady,
    });
    expectAppsServedThroughout(started);
    expect(firstAccepted).toBeDefined();
  }

  function expectAppsServedThroughout(since: number): void {
    for (const name of apps) expect({ name, ...system.process(name) }).toEqual({ name, pid: pids.get(name), running: true });
    const answers = clients.between(since, Date.now());
    expect(answers.filter((attempt) => attempt.status === 0 || attempt.status >= 500 && attempt.status !== 503).map(describeAttempt)).toEqual([]);
    expect(answers.filter((attempt) => attempt.status === 503 && attempt.retryAfter === null).map(describeAttempt)).toEqual([]);
    expect(answers.filter((attempt) => attempt.ms > REQUEST_BOUND_MS + SCHEDULING_SLACK_MS).map(describeAttempt)).toEqual([]);
    expect(clients.refused).toEqual([]);
  }

  /** Each app ready again by itself, without a restart: how long after the server came back. */
  async function secondsUntilReady(back: number): Promise<string> {
    const ready = async (name: AppName) => (await fetch(`${system.url(name)}/health/ready`)).status === 200;
    await eventually(async () => (await Promise.all(apps.map(ready))).every(Boolean), {
      what: 'every app ready again',
      timeoutMs: 60_000,
      intervalMs: 200,
    }).catch(async (error: unknown) => {
      process.stderr.write(`not ready:\n${await system.diagnostics()}\n`);
      throw error;
    });
    return ((Date.now() - back) / 1_000).toFixed(1);
  }

  /** Every accepted deposit, once: in the store, in every read model, in MongoDB as in PostgreSQL. */
  async function expectExactlyOnce(): Promise<void> {
    const accountIds = clients.ledgers.map((ledger) => ledger.accountId);
    const truths = await foldFromStore(new PostgresEventStore({ pool, schema: 'event_store' }), accountIds);
    const accepted = Object.fromEntries(clients.ledgers.map((ledger) => [ledger.accountId, { balanceMinor: ledger.depositedMinor.toString(), revision: String(ledger.accepted) }]));
    const stored = Object.fromEntries([...truths].map(([id, truth]) => [id, { balanceMinor: truth.summary.balanceMinor, revision: truth.summary.revision }]));
    expect(stored).toEqual(accepted);
    const expected = expectedViews(truths);
    const explain = async () => void process.stderr.write(`system after 60 s:\n${await system.diagnostics()}\n`);
    const actual = await settledViews(() => readModelViews(pool, 'read_models', mongo, accountIds), expected, 60_000, explain);
    expect(actual).toEqual(expected);
  }

  /** SIGKILL, `forMs` of nothing, then the stack brings the server back. */
  async function killedFor(server: ServerName, forMs: number): Promise<() => Promise<void>> {
    await stack.kill(server);
    await sleep(forMs);
    return () => stack.up();
  }

  it('PostgreSQL killed (SIGKILL) for 10 s, then started again', async () => {
    await underLoad('PostgreSQL SIGKILL 10 s', () => killedFor('postgres', OUTAGE_MS));
    await expectExactlyOnce();
  });

  it('PostgreSQL frozen (SIGSTOP of every process) for 20 s, then resumed', async () => {
    await underLoad('PostgreSQL SIGSTOP 20 s', async () => {
      const frozen = await stack.freezePostgres();
      await sleep(FREEZE_MS);
      return () => Promise.resolve(stack.thaw(frozen));
    });
    await expectExactlyOnce();
  });

  it('PostgreSQL restarted cleanly (fast shutdown, as pg_ctl restart -m fast)', async () => {
    await underLoad('PostgreSQL fast restart', () => Promise.resolve(() => stack.restartPostgresFast()));
    await expectExactlyOnce();
  });

  it('Kafka killed (SIGKILL) for 10 s, then started again', async () => {
    await underLoad('Kafka SIGKILL 10 s', () => killedFor('kafka', OUTAGE_MS));
    await expectExactlyOnce();
  });

  it('the MongoDB-wire server killed (SIGKILL) for 10 s, then started again', async () => {
    await underLoad('FerretDB SIGKILL 10 s', () => killedFor('ferretdb', OUTAGE_MS));
    await expectExactlyOnce();
  });
});

function describeAttempt(attempt: Attempt): string {
  return `${attempt.what} ${attempt.path}: ${attempt.status} ${attempt.code ?? ''} in ${attempt.ms} ms (Retry-After ${attempt.retryAfter ?? 'none'})`;
}
