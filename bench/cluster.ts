// cluster-*: the scale-out pieces measured against going without them, in the same run
// (README "Running a cluster"). Three phases, each on the isolated names of one loop system:
//  1. only the APIs run (and a projector with nothing to do): deposits straight to a command API
//     (the baseline), through the nginx gateway, and to a command API whose pool goes through
//     PgBouncer; then, once the relay has put the accounts in the read model, reads (cached)
//     straight to a query API and through the gateway. Ratios: the gateway's and PgBouncer's cost.
//  2. the whole system once (one instance of each app, the query API on a streaming replica),
//     deposits and reads through the gateway, with the replica's lag sampled meanwhile;
//  3. the same with two instances of each app. On two cores this cannot rise much: each row's
//     note says where the machine's CPU went.
import { API_SESSION_LIMITS } from '@ledger/platform/postgres-env';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { startGateway, type RunningGateway } from '../infra/local/src/gateway/gateway';
import { startPrivatePgBouncer, type PrivatePgBouncer } from '../infra/local/src/pooling/private-pgbouncer';
import { startPrivateReplica, type PrivateReplica } from '../infra/local/src/replication/private-replica';
import { type CommandApiProcess } from './command-api-process';
import type { BenchContext } from './context';
import { cpuByProcess, cpuShares, machineCpu } from './cpu-shares';
import { httpClient, type HttpClient } from './http-client';
import { buildLoopApps, loopSystem, type AppName, type LoopSystem } from './loop-system';
import { driveClients, runFigures, selfMeasuredRow, type Layer, type MeasuredRow, type SelfMeasuredScenario } from './measure';
import { fixed } from './report';

export const commandsDirect = 'cluster-commands-direct';
export const queriesDirect = 'cluster-queries-direct';
const accountsPerClient = 4;

/** What one measured drive did, and where the machine's CPU went meanwhile. */
interface Drive {
  readonly row: MeasuredRow;
  readonly shares: string;
}

export function clusterLayer(context: BenchContext): Layer {
  let system: LoopSystem | undefined;
  const scenario: SelfMeasuredScenario = {
    name: 'cluster',
    description: 'commands and reads through the nginx gateway and PgBouncer, with one and two instances of every app',
    layer: 'cluster',
    clients: context.clients,
    run: async (timing) => {
      system = loopSystem(context);
      return runCluster(context, system, timing);
    },
  };
  return {
    scenarios: [scenario],
    prepare: () => Promise.resolve(buildLoopApps()),
    close: async () => {
      await system?.close();
    },
  };
}

async function runCluster(context: BenchContext, system: LoopSystem, timing: { readonly warmupMs: number; readonly durationMs: number }): Promise<{ rows: MeasuredRow[]; notes: string[] }> {
  const rows: MeasuredRow[] = [];
  const notes: string[] = [];
  const started: { stop(): Promise<void> }[] = [];
  const keep = <T extends { stop(): Promise<void> }>(thing: T): T => {
    started.push(thing);
    return thing;
  };
  const instance = async (name: AppName, env: Readonly<Record<string, string>> = {}): Promise<CommandApiProcess> => keep(await system.startInstance(name, { env }));
  const gatewayOver = async (commandApis: readonly CommandApiProcess[], queryApis: readonly CommandApiProcess[], projectors: readonly CommandApiProcess[]): Promise<RunningGateway> => {
    const hostOf = (app: CommandApiProcess): string => new URL(app.url).host;
    // The bench is one address and one token: its limit must not be what is measured.
    return keep(await startGateway({ commandApis: commandApis.map(hostOf), queryApis: queryApis.map(hostOf), projectors: projectors.map(hostOf), requestsPerSecond: 1_000_000 }));
  };
  const measure = (name: string, description: string, baseline: string | undefined, url: string, op: (http: HttpClient, client: number) => Promise<void>): Promise<Drive> =>
    drive(context, timing, { name, description, baseline, url, op }).then((result) => {
      rows.push(result.row);
      return result;
    });

  const replica: PrivateReplica = await startPrivateReplica();
  const pgbouncer: PrivatePgBouncer = await startPrivatePgBouncer({ server: context.databaseUrl, sessionLimits: API_SESSION_LIMITS });
  try {
    // The first command API creates the event store's schema; every account of the run is opened through it.
    const commandApis = [await instance('command-api')];
    const queryApis = [await instance('query-api', { READ_DATABASE_URL: replica.url })];
    const [commandApi, queryApi] = [commandApis[0] as CommandApiProcess, queryApis[0] as CommandApiProcess];
    const accounts = await openAccounts(context, commandApi.url, context.clients * accountsPerClient);
    const deposit = depositInto(accounts);
    const read = readOf(accounts);
    // Idle until the relay starts in phase 2 (nothing reaches Kafka before), but the gateway routes /admin to it.
    const projectors = [await instance('projector')];

    // 1. The APIs alone: what the gateway and PgBouncer cost.
    await measure(commandsDirect, 'deposits straight to one command API (the baseline of the gateway and PgBouncer rows)', undefined, commandApi.url, deposit);
    const alone = await gatewayOver([commandApi], [queryApi], projectors);
    await measure('cluster-commands-nginx', 'the same deposits through the nginx gateway to that command API', commandsDirect, alone.url, deposit);
    const pooled = await instance('command-api', { DATABASE_URL: pgbouncer.url, DATABASE_DIRECT_URL: context.databaseUrl });
    await measure('cluster-commands-pgbouncer', 'deposits straight to a command API whose pool goes through PgBouncer (transaction pooling)', commandsDirect, pooled.url, deposit);
    await pooled.stop();
    // Reads need the read model: the relay starts now, and stays for phases 2 and 3.
    await instance('event-relay');
    await projected(queryApi.url, context, accounts);
    await measure(queriesDirect, 'GET /accounts/{id} straight to one query API (replica, Redis cache)', undefined, queryApi.url, read);
    await measure('cluster-queries-nginx', 'the same reads through the nginx gateway', queriesDirect, alone.url, read);
    await alone.stop();

    // 2. and 3. The whole system through the gateway: one instance of each app, then two.
    const lag = replicaLag(context.databaseUrl, replica.server.slotName);
    try {
      for (const instances of [1, 2]) {
        if (instances === 2) {
          const [secondCommandApi, secondQueryApi, secondProjector] = await Promise.all([
            instance('command-api'),
            instance('query-api', { READ_DATABASE_URL: replica.url }),
            instance('projector'),
            instance('event-relay'),
          ]);
          commandApis.push(secondCommandApi);
          queryApis.push(secondQueryApi);
          projectors.push(secondProjector);
        }
        const gateway = await gatewayOver(commandApis, queryApis, projectors);
        lag.reset();
        const commands = await measure(
          `cluster-commands-${instances}x`,
          `deposits through the gateway, ${instances} instance(s) of every app running`,
          instances === 1 ? commandsDirect : 'cluster-commands-1x',
          gateway.url,
          deposit,
        );
        notes.push(`cluster-commands-${instances}x: replica lag meanwhile ${lag.describe()}; CPU of the machine: ${commands.shares}`);
        const queries = await measure(
          `cluster-queries-${instances}x`,
          `GET /accounts/{id} through the gateway, ${instances} instance(s) of every app running`,
          instances === 1 ? queriesDirect : 'cluster-queries-1x',
          gateway.url,
          read,
        );
        notes.push(`cluster-queries-${instances}x: CPU of the machine: ${queries.shares}`);
        await gateway.stop();
      }
    } finally {
      await lag.stop();
    }
    return { rows, notes };
  } finally {
    for (const thing of started.reverse()) await thing.stop().catch(() => undefined);
    await pgbouncer.remove();
    await replica.remove();
  }
}

interface Target {
  readonly name: string;
  readonly description: string;
  /** The row this one is divided by (ops/s ÷ ops/s); none for a baseline. */
  readonly baseline: string | undefined;
  readonly url: string;
  readonly op: (http: HttpClient, client: number) => Promise<void>;
}

/** `--clients` keep-alive clients against `url`: the warm-up, then the measured phase with the machine's CPU sampled around it. */
async function drive(context: BenchContext, timing: { readonly warmupMs: number; readonly durationMs: number }, target: Target): Promise<Drive> {
  const http = httpClient(target.url, context.clients, context.tokens.teller);
  try {
    if (timing.warmupMs > 0) await driveClients(context.clients, timing.warmupMs, (client) => target.op(http, client));
    const latencies: number[] = [];
    const [machineBefore, processesBefore] = [machineCpu(), cpuByProcess()];
    const run = await driveClients(context.clients, timing.durationMs, (client) => target.op(http, client), latencies);
    const [machineAfter, processesAfter] = [machineCpu(), cpuByProcess()];
    const row = selfMeasuredRow('cluster', {
      name: target.name,
      description: target.description,
      clients: context.clients,
      ...(target.baseline === undefined ? {} : { compareWith: { baseline: target.baseline, by: 'ops/s' as const } }),
      ...runFigures(run, latencies),
    });
    const busy = (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total);
    return { row, shares: `${fixed(busy)} % busy of all cores; ${cpuShares(processesBefore, processesAfter, machineAfter.total - machineBefore.total)}` };
  } finally {
    http.close();
  }
}

/** Opens `count` EUR accounts through the command API, each with a first deposit so a withdrawal-free load never fails. */
async function openAccounts(context: BenchContext, commandApi: string, count: number): Promise<string[]> {
  const http = httpClient(commandApi, context.clients, context.tokens.teller);
  try {
    const accounts = Array.from({ length: count }, () => randomUUID());
    for (const accountId of accounts) {
      const opened = await http.post('/accounts', { accountId, ownerId: `bench-cluster-${accountId.slice(0, 8)}`, currency: 'EUR' });
      if (opened.status !== 201) throw new Error(`opening an account: HTTP ${opened.status} ${opened.text.slice(0, 200)}`);
    }
    return accounts;
  } finally {
    http.close();
  }
}

/** Each client deposits into its own accounts in turn, with an Idempotency-Key as a client behind a gateway sends. */
function depositInto(accounts: readonly string[]): (http: HttpClient, client: number) => Promise<void> {
  let turn = 0;
  return async (http, client) => {
    turn += 1;
    const accountId = accounts[(client * accountsPerClient + (turn % accountsPerClient)) % accounts.length] ?? '';
    const answer = await http.post(`/accounts/${accountId}/deposits`, { amount: '1.00', currency: 'EUR' }, { 'idempotency-key': randomUUID() });
    if (answer.status !== 201) throw new Error(`deposit: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  };
}

/** Waits until the query API answers every account: the relay and the projector have caught up. */
async function projected(queryApi: string, context: BenchContext, accounts: readonly string[]): Promise<void> {
  const http = httpClient(queryApi, 1, context.tokens.teller);
  try {
    for (const accountId of accounts) {
      for (const deadline = Date.now() + 60_000; ; await sleep(50)) {
        const answer = await http.get(`/accounts/${accountId}`);
        if (answer.status === 200) break;
        if (Date.now() > deadline) throw new Error(`account ${accountId} not in the read model after 60 s: HTTP ${answer.status}`);
      }
    }
  } finally {
    http.close();
  }
}

function readOf(accounts: readonly string[]): (http: HttpClient, client: number) => Promise<void> {
  let turn = 0;
  return async (http) => {
    turn += 1;
    const answer = await http.get(`/accounts/${accounts[turn % accounts.length] ?? ''}`);
    if (answer.status !== 200) throw new Error(`read: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  };
}

/**
 * The replica's replay lag as the primary sees it (pg_stat_replication of the replica's slot),
 * sampled every 100 ms: bytes of WAL not replayed yet, and the time lag PostgreSQL reports.
 */
function replicaLag(databaseUrl: string, slotName: string): { reset(): void; describe(): string; stop(): Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  let bytes: number[] = [];
  let seconds: number[] = [];
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await pool.query<{ bytes: string | null; seconds: number | null }>(
        `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::text AS bytes, EXTRACT(EPOCH FROM r.replay_lag)::float8 AS seconds
           FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = $1`,
        [slotName],
      );
      const row = rows[0];
      if (row?.bytes != null) bytes.push(Number(row.bytes));
      seconds.push(row?.seconds ?? 0);
      await sleep(100);
    }
  })();
  const at = (values: readonly number[], fraction: number): number => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(fraction * values.length) - 1)] ?? Number.NaN;
  return {
    reset: () => {
      bytes = [];
      seconds = [];
    },
    describe: () =>
      `p50 ${fixed(at(bytes, 0.5) / 1024, 1)} KiB / ${fixed(at(seconds, 0.5) * 1_000, 1)} ms, p99 ${fixed(at(bytes, 0.99) / 1024, 1)} KiB / ${fixed(at(seconds, 0.99) * 1_000, 1)} ms, max ${fixed(Math.max(...bytes) / 1024, 1)} KiB / ${fixed(Math.max(...seconds) * 1_000, 1)} ms (${bytes.length} samples)`,
    stop: async () => {
      running = false;
      await sampling.catch(() => undefined);
      await pool.end();
    },
  };
}
