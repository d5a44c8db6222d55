import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { bearerFor, TEST_OPERATOR, withTestToken } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { startGateway, type RunningGateway } from '../../../../infra/local/src/gateway/gateway';
import { startPrivateReplica, type PrivateReplica } from '../../../../infra/local/src/replication/private-replica';
import { seededRandom } from '../account-load';
import { expectedViews, foldFromStore, readModelViews, settledViews } from '../read-model-check';
import { disposeEnvironment, isolatedEnvironment, RunningSystem, type AppName } from '../system.harness';
import { KeyedClients, type Attempt } from './keyed-clients';

const seed = Number(process.env['SYSTEM_TEST_SEED'] ?? Date.now() % 1_000_000);
/** The figure: enough commands that every fault lands in the middle of steady traffic. */
const COMMANDS = 10_000;
const CLIENTS = 16;
/** Two writers on each account: the two command APIs race on every stream. */
const ACCOUNTS = 8;
/** How long a killed app stays dead before its supervisor starts it again. */
const DEAD_FOR_MS = 2_000;
/** What counts as "during" a fault when its error rate is reported. */
const FAULT_WINDOW_MS = 5_000;
/** A client's patience: far more attempts than any single failover needs. */
const MAX_ATTEMPTS = 30;

type FaultName = 'command API' | 'query API' | 'leading relay' | 'projector' | 'replica restart';

interface FaultReport {
  readonly fault: FaultName;
  readonly atCommand: number;
  readonly failedCommandAttempts: string;
  readonly failedReads: string;
  /** Requests of the window the gateway sent to a second instance after the first failed: what clients did not see. */
  readonly gatewayRetries: number;
  /** Relay: until the standby leads. Projector: until every deposit accepted before the kill is in the read model. */
  readonly recoverySeconds?: string;
}

/**
 * Issue 19's failover test: the whole system as a cluster (two instances of every app behind the
 * nginx gateway, the query APIs on a streaming replica and the Redis cache), sixteen keyed
 * clients sending commands through the gateway while one command API, one query API, the leading
 * relay and one projector are killed with SIGKILL at moments drawn from the seed, and the replica
 * is restarted. Afterwards every accepted command is in the store exactly once, and every read
 * model (primary, replica, MongoDB, cache) is the fold of the store.
 */
describe(`the cluster under chaos (seed ${seed})`, () => {
  const random = seededRandom(seed);
  const env: Record<string, string> = { ...isolatedEnvironment(), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' };
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const reports: FaultReport[] = [];
  let replica: PrivateReplica;
  let replicaPool: Pool;
  let gateway: RunningGateway;
  let clients: KeyedClients;

  const queryApiEnv = (): Record<string, string> => ({ READ_DATABASE_URL: replica.url });

  beforeAll(async () => {
    replica = await startPrivateReplica();
    replicaPool = new Pool({ connectionString: replica.url, max: 2 });
    replicaPool.on('error', () => undefined);
    // The first command API creates the event store's schema; everything else may start together.
    await system.start('command-api', 0);
    await Promise.all([
      system.start('command-api', 1),
      system.start('event-relay', 0),
      system.start('event-relay', 1),
      system.start('projector', 0),
      system.start('projector', 1),
      system.start('query-api', 0, queryApiEnv()),
      system.start('query-api', 1, queryApiEnv()),
    ]);
    gateway = await startGateway({
      commandApis: [system.address('command-api', 0), system.address('command-api', 1)],
      queryApis: [system.address('query-api', 0), system.address('query-api', 1)],
      projectors: [system.address('projector', 0), system.address('projector', 1)],
      // Sixteen clients from one address are one client to the gateway: its limit is not under test here.
      requestsPerSecond: 100_000,
    });
    clients = new KeyedClients(gateway.url, gateway.url, CLIENTS, random, {
      accounts: ACCOUNTS,
      // What a careful client retries with the same key: no answer, any 5xx, and the 409 the command
      // API gives up with when the other writers of the account kept winning (nothing was written).
      retryable: (attempt) => attempt.status === 0 || attempt.status >= 500 || attempt.code === 'CONCURRENCY_CONFLICT',
      maxAttempts: MAX_ATTEMPTS,
    });
    await clients.open();
  });

  afterAll(async () => {
    const lines = reports.map(
      (r) =>
        `  ${r.fault} at command ${r.atCommand}: failed command attempts ${r.failedCommandAttempts}, failed reads ${r.failedReads}, retried by the gateway ${r.gatewayRetries}` +
        (r.recoverySeconds === undefined ? '' : `, recovered in ${r.recoverySeconds} s`),
    );
    process.stderr.write(`chaos figures (seed ${seed}):\n${lines.join('\n')}\n`);
    await gateway?.stop();
    await system.stopAll();
    await replicaPool?.end();
    await replica?.remove();
    await disposeEnvironment(env, pool, mongo);
  });

  it(`${COMMANDS} keyed commands through the gateway while apps are killed: each applied once, no 5xx after retries, every read model the fold of the store`, async () => {
    const faults = shuffled<FaultName>(['command API', 'query API', 'leading relay', 'projector', 'replica restart'], random);
    // Each fault at its own point of the run, between 10 % and 80 % of the commands.
    const thresholds = faults.map((_, index) => Math.round(COMMANDS * (0.1 + (0.7 * (index + random())) / faults.length)));
    const recoveries: Promise<void>[] = [];

    clients.start();
    for (const [index, fault] of faults.entries()) {
      const atCommand = thresholds[index] ?? 0;
      await until(() => clients.accepted >= atCommand, `${atCommand} commands accepted`);
      recoveries.push(inject(fault, clients.accepted));
    }
    await until(() => clients.accepted >= COMMANDS, `${COMMANDS} commands accepted`);
    await clients.stop();
    await Promise.all(recoveries);

    expect(clients.refused).toEqual([]);
    for (const name of ['command-api', 'query-api', 'event-relay', 'projector'] as const) {
      for (const instance of [0, 1]) expect({ name, instance, running: system.process(name, instance).running }).toEqual({ name, instance, running: true });
    }
    await expectEveryReadModelToBeTheFold();
  }, 900_000);

  /** Injects one fault, restarts what it killed, and reports what clients saw meanwhile. */
  async function inject(fault: FaultName, atCommand: number): Promise<void> {
    const began = Date.now();
    let recoverySeconds: string | undefined;
    if (fault === 'replica restart') {
      await replica.stop();
      await replica.start();
    } else if (fault === 'leading relay') {
      const leader = await leadingRelay();
      const standby = leader === 0 ? 1 : 0;
      await system.kill('event-relay', leader);
      await until(async () => (await relayRole(standby)) === 'leader', 'the standby relay leads');
      recoverySeconds = seconds(Date.now() - began);
      await sleep(DEAD_FOR_MS);
      await system.start('event-relay', leader);
    } else {
      const app: AppName = fault === 'command API' ? 'command-api' : fault === 'query API' ? 'query-api' : 'projector';
      const instance = random() < 0.5 ? 0 : 1;
      const acceptedBefore = new Map(clients.ledgers.map((ledger) => [ledger.accountId, ledger.accepted]));
      await system.kill(app, instance);
      if (app === 'projector') {
        await until(() => summariesReach(acceptedBefore), 'the other projector applied every deposit accepted before the kill');
        recoverySeconds = seconds(Date.now() - began);
      } else {
        await sleep(DEAD_FOR_MS);
      }
      await system.start(app, instance, app === 'query-api' ? queryApiEnv() : {});
    }
    const during = clients.between(began, began + FAULT_WINDOW_MS);
    reports.push({
      fault,
      atCommand,
      failedCommandAttempts: rate(during.filter((attempt) => attempt.what === 'command')),
      failedReads: rate(during.filter((attempt) => attempt.what === 'read')),
      gatewayRetries: retriedByGateway(gateway.accessLog, began, began + FAULT_WINDOW_MS),
      ...(recoverySeconds === undefined ? {} : { recoverySeconds }),
    });
  }

  async function leadingRelay(): Promise<0 | 1> {
    return eventually(
      async () => ((await relayRole(0)) === 'leader' ? 0 : (await relayRole(1)) === 'leader' ? 1 : undefined),
      (found): found is 0 | 1 => found !== undefined,
      { what: 'a relay leads', timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  async function relayRole(instance: 0 | 1): Promise<string | undefined> {
    try {
      const response = await fetch(`${system.url('event-relay', instance)}/relay`, { headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) });
      return ((await response.json()) as { role?: string }).role;
    } catch {
      return undefined;
    }
  }

  /** Whether the primary's account summaries show every deposit accepted before a moment. */
  async function summariesReach(accepted: ReadonlyMap<string, number>): Promise<boolean> {
    const { rows } = await pool.query<{ account_id: string; revision: string }>(
      `SELECT account_id, revision::text FROM "${env['READ_MODEL_SCHEMA'] ?? ''}".account_summary WHERE account_id = ANY($1::uuid[])`,
      [[...accepted.keys()]],
    );
    return rows.length === accepted.size && rows.every((row) => Number(row.revision) >= (accepted.get(row.account_id) ?? 0));
  }

  async function expectEveryReadModelToBeTheFold(): Promise<void> {
    const accountIds = clients.ledgers.map((ledger) => ledger.accountId);
    const truths = await foldFromStore(new PostgresEventStore({ pool, schema: env['EVENT_STORE_SCHEMA'] ?? '' }), accountIds);
    const accepted = Object.fromEntries(clients.ledgers.map((ledger) => [ledger.accountId, { balanceMinor: ledger.depositedMinor.toString(), revision: String(ledger.accepted) }]));
    const stored = Object.fromEntries([...truths].map(([id, truth]) => [id, { balanceMinor: truth.summary.balanceMinor, revision: truth.summary.revision }]));
    expect(stored).toEqual(accepted);

    const expected = expectedViews(truths);
    const explain = async () => void process.stderr.write(`system after 90 s:\n${await system.diagnostics()}\n`);
    const schema = env['READ_MODEL_SCHEMA'] ?? '';
    expect(await settledViews(() => readModelViews(pool, schema, mongo, accountIds), expected, 90_000, explain)).toEqual(expected);
    expect(await settledViews(() => readModelViews(replicaPool, schema, mongo, accountIds), expected, 30_000, explain)).toEqual(expected);
    // Read twice through the gateway: the first answer may fill the cache, the second comes from it.
    const answered = () => gatewayViews(accountIds).then(() => gatewayViews(accountIds));
    expect(await settledViews(answered, expected.summary, 30_000, explain)).toEqual(expected.summary);
  }

  /** The query APIs' answers for the accounts, through the gateway, in the read-model check's shape. */
  async function gatewayViews(accountIds: readonly string[]): Promise<Record<string, unknown>> {
    const views: Record<string, unknown> = {};
    for (const accountId of accountIds) {
      const response = await fetch(`${gateway.url}/accounts/${accountId}`, { headers: await withTestToken() });
      const account = (await response.json()) as { status: string; balance: string; revision: number };
      views[accountId] = { status: account.status, balanceMinor: BigInt(account.balance.replace('.', '')).toString(), revision: String(account.revision) };
    }
    return views;
  }
});

/** Waits for `condition`, up to a bound far past any failover: a stuck cluster fails with what it waited for. */
function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  return eventually(condition, { what, timeoutMs: 300_000, intervalMs: 50 });
}

/** Lines of the gateway's access log (one JSON object each, times to the second) that name more than one instance. */
function retriedByGateway(accessLog: string, from: number, to: number): number {
  return readFileSync(accessLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { time: string; upstream: string })
    .filter((entry) => Date.parse(entry.time) >= from - 999 && Date.parse(entry.time) <= to && entry.upstream.includes(','))
    .length;
}

function rate(attempts: readonly Attempt[]): string {
  const failed = attempts.filter((attempt) => attempt.status === 0 || attempt.status >= 500).length;
  return attempts.length === 0 ? '0/0' : `${failed}/${attempts.length} (${((100 * failed) / attempts.length).toFixed(1)} %)`;
}

function seconds(ms: number): string {
  return (ms / 1_000).toFixed(2);
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
