// `npm run stack -- up [--with observability] [--with cluster] | down | status | logs <component> [-f] | reset`: the real local servers.
import '@ledger/platform/require-supported-node';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ComponentName } from './src/component';
import { componentNames, isComponentName } from './src/components';
import { profileArguments } from './src/profile-arguments';
import { componentPaths } from './src/paths';
import { down, reset, status, up } from './src/stack';
import { StackError } from './src/stack-error';
import { formatStatusTable } from './src/status-table';

const usage = `usage: npm run stack -- <command>
  up [--with observability] [--with cluster] [--json]
                           start PostgreSQL, Kafka, FerretDB, the OpenID provider and Redis (idempotent; reuses
                           DATABASE_URL, KAFKA_BROKERS, MONGODB_URL, AUTH_ISSUER, REDIS_URL); --with observability
                           also starts Jaeger (traces: OTLP :4318, query API :16686) and Prometheus (scrapes the apps, :9090);
                           --with cluster also starts postgres-replica, a streaming replica of PostgreSQL (:55433,
                           READ_DATABASE_URL), and pgbouncer, a transaction-pooling PgBouncer in front of it for
                           the command and query APIs (:56432, POOLED_DATABASE_URL)
  down [component...]      stop what the stack started
  status                   component, state, version, port, pid, data dir, log file (exit 3 when one is not up)
  logs <component> [-f]    print (or follow) a component's log: ${componentNames.join(', ')}
  reset                    stop everything and delete data and logs (downloads stay cached)`;

const progress = (line: string): void => {
  process.stderr.write(`[stack] ${line}\n`);
};

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'up': {
      const began = Date.now();
      const result = await up(progress, { profiles: profileArguments(rest) });
      if (rest.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        for (const [name, value] of Object.entries(result.env)) process.stdout.write(`${name}=${value}\n`);
        progress(`up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      }
      return 0;
    }
    case 'down':
      await down(componentArguments(rest), progress);
      return 0;
    case 'status': {
      const rows = status();
      process.stdout.write(`${formatStatusTable(rows)}\n`);
      // A profile's component that was not asked for is stopped by design, not down.
      const upOrNotAskedFor = (row: (typeof rows)[number]): boolean => row.state === 'running' || row.state === 'external' || (row.profile !== undefined && row.state === 'stopped');
      return rows.every(upOrNotAskedFor) ? 0 : 3;
    }
    case 'logs':
      return showLogs(rest);
    case 'reset':
      await reset(progress);
      return 0;
    default:
      process.stderr.write(`${usage}\n`);
      return command === 'help' || command === '--help' ? 0 : 2;
  }
}

function componentArguments(values: readonly string[]): ComponentName[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((value) => {
    if (!isComponentName(value)) throw new StackError(`unknown component "${value}"; expected one of ${componentNames.join(', ')}`);
    return value;
  });
}

function showLogs(args: readonly string[]): Promise<number> {
  const [name] = componentArguments(args.filter((arg) => arg !== '-f')) ?? [];
  if (name === undefined) throw new StackError(`logs needs a component: ${componentNames.join(', ')}`);
  const { logFile } = componentPaths(name);
  if (!existsSync(logFile)) throw new StackError(`${name} has no log yet (${logFile}); run npm run stack -- up`);
  if (!args.includes('-f')) {
    process.stdout.write(readFileSync(logFile, 'utf8').split('\n').slice(-200).join('\n'));
    return Promise.resolve(0);
  }
  return new Promise((resolvePromise) => {
    spawn('tail', ['-n', '50', '-F', logFile], { stdio: 'inherit' }).once('close', (code) => resolvePromise(code ?? 0));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof StackError) process.stderr.write(`stack: ${error.message}\n`);
    else process.stderr.write(`stack: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
