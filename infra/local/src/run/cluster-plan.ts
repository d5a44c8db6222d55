import { StackError } from '../stack-error';
import { localApp, type AppName } from './apps';

/** How many instances of each app `npm run cluster` runs. */
export interface ClusterCounts {
  readonly commandApis: number;
  readonly queryApis: number;
  readonly projectors: number;
  readonly relays: number;
  readonly transferProcessors: number;
}

export const defaultClusterCounts: ClusterCounts = { commandApis: 2, queryApis: 2, projectors: 2, relays: 2, transferProcessors: 1 };

const flags: Readonly<Record<string, { readonly key: keyof ClusterCounts; readonly app: AppName; readonly min: number }>> = {
  '--command-apis': { key: 'commandApis', app: 'command-api', min: 1 },
  '--query-apis': { key: 'queryApis', app: 'query-api', min: 1 },
  '--projectors': { key: 'projectors', app: 'projector', min: 1 },
  '--relays': { key: 'relays', app: 'event-relay', min: 0 },
  '--transfer-processors': { key: 'transferProcessors', app: 'transfer-processor', min: 0 },
};

/** Enough for any laptop; ports stay ten apart per instance below it. */
const MAX_INSTANCES = 9;

export const clusterUsage = `usage: npm run cluster -- [--command-apis N] [--query-apis N] [--projectors N] [--relays N] [--transfer-processors N] [--with observability]
  defaults: ${Object.entries(flags)
    .map(([flag, { key }]) => `${flag} ${defaultClusterCounts[key]}`)
    .join(' ')}; the gateway needs at least one command API, query API and projector,
  --relays 0 and --transfer-processors 0 leave those out. Ports: LEDGER_CLUSTER_BASE_PORT (3000) + 10 per instance, gateway LEDGER_GATEWAY_PORT (8080).`;

/** The counts from `--command-apis 2` or `--command-apis=2`; `--with <profile>` is left to profileArguments. */
export function parseClusterArguments(args: readonly string[]): ClusterCounts {
  const counts: Record<keyof ClusterCounts, number> = { ...defaultClusterCounts };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--with') {
      index++;
      continue;
    }
    if (arg.startsWith('--with=')) continue;
    const [flag = '', inline] = arg.split('=', 2);
    const spec = flags[flag];
    if (spec === undefined) throw new StackError(`unknown argument "${arg}"\n${clusterUsage}`);
    const raw = inline ?? args[++index];
    const count = Number(raw);
    if (raw === undefined || !/^\d+$/.test(raw) || count < spec.min || count > MAX_INSTANCES) {
      throw new StackError(`${flag} takes a whole number from ${spec.min} to ${MAX_INSTANCES}, not "${raw ?? ''}"`);
    }
    counts[spec.key] = count;
  }
  return counts;
}

/** One instance to run: `command-api#2` on its own port with its own environment additions. */
export interface PlannedInstance {
  readonly name: AppName;
  readonly label: string;
  readonly port: number;
  /** Set on top of the run's environment (`undefined`: removed from it). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The apps' ports sit in one block: `npm start`'s (3000–3005) for the first instance, ten up for each next one. */
const portOffsets: Readonly<Record<AppName, number>> = { 'command-api': 0, 'query-api': 1, projector: 2, 'event-relay': 3, 'transfer-processor': 5 };

/**
 * Every instance with its port and variables. `stackEnv` is what `up --with cluster` printed:
 * READ_DATABASE_URL goes to the query APIs only; with POOLED_DATABASE_URL (PgBouncer) the command
 * and query APIs connect through the pool and keep the direct URL as DATABASE_DIRECT_URL, while
 * the relay (a session-level advisory lock), the projector and the transfer processor stay direct.
 */
export function planCluster(counts: ClusterCounts, basePort: number, stackEnv: Readonly<Record<string, string>>, runEnv: Readonly<Record<string, string | undefined>> = {}): PlannedInstance[] {
  const order: readonly (readonly [AppName, number])[] = [
    ['command-api', counts.commandApis],
    ['query-api', counts.queryApis],
    ['projector', counts.projectors],
    ['event-relay', counts.relays],
    ['transfer-processor', counts.transferProcessors],
  ];
  const port = (name: AppName, index: number): number => basePort + 10 * (index - 1) + portOffsets[name];
  const pooled = stackEnv['POOLED_DATABASE_URL'];
  const direct = stackEnv['DATABASE_URL'];
  const viaPool = pooled !== undefined && direct !== undefined ? { DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct } : {};
  // The console shows the relay it is pointed at; any instance answers for the pair.
  const relayUrl = runEnv['RELAY_URL'] ?? (counts.relays > 0 ? `http://127.0.0.1:${port('event-relay', 1)}` : undefined);
  // Behind the gateway every client has its address; the apps take the client's from X-Forwarded-For.
  const trustProxy = runEnv['TRUST_PROXY'] ?? '127.0.0.1';
  const extra: Readonly<Record<AppName, Readonly<Record<string, string | undefined>>>> = {
    'command-api': { ...viaPool, TRUST_PROXY: trustProxy, READ_DATABASE_URL: undefined },
    'query-api': { ...viaPool, TRUST_PROXY: trustProxy, READ_DATABASE_URL: stackEnv['READ_DATABASE_URL'] },
    projector: { TRUST_PROXY: trustProxy, READ_DATABASE_URL: undefined, ...(relayUrl === undefined ? {} : { RELAY_URL: relayUrl }) },
    'event-relay': { READ_DATABASE_URL: undefined },
    'transfer-processor': { READ_DATABASE_URL: undefined },
  };
  return order.flatMap(([name, count]) =>
    Array.from({ length: count }, (_, i) => ({
      name,
      label: `${name}#${i + 1}`,
      port: port(name, i + 1),
      env: { ...extra[name], [localApp(name).portVariable]: String(port(name, i + 1)) },
    })),
  );
}

/** The run's environment with an instance's additions (an `undefined` one removes the variable). */
export function instanceEnv(base: Readonly<Record<string, string | undefined>>, instance: PlannedInstance): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(instance.env)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
