// The local stack, brought up the way the jest global setup does it (infra/local/jest/
// stack-session.cjs): through the stack CLI, remembering what this run started.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ComponentName } from '../infra/local/src/component';
import { repoRoot } from '../infra/local/src/paths';
import type { UpResult } from '../infra/local/src/stack';

function runStack(args: readonly string[]): string {
  return execFileSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra/local/stack.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export interface StackSession {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly mongodbUrl: string;
  readonly issuer: string;
  /**
   * Stops what this session started and the chosen scenarios do not need, so it does not
   * compete for the CPU while they measure: the append layers need PostgreSQL only, the full
   * loop needs Kafka and FerretDB too.
   */
  release(needed: readonly ComponentName[]): void;
  /** Stops what this session started and is still running; a no-op otherwise. */
  stop(): void;
}

/** Starts what is not running (or checks DATABASE_URL & co. when they point elsewhere). */
export function stackUp(): StackSession {
  const result = JSON.parse(runStack(['up', '--json'])) as UpResult;
  const started = new Set<ComponentName>(result.started);
  const stopStarted = (names: readonly ComponentName[]): void => {
    const stopping = names.filter((name) => started.has(name));
    if (stopping.length === 0) return;
    runStack(['down', ...stopping]);
    for (const name of stopping) started.delete(name);
  };
  return {
    databaseUrl: result.env.DATABASE_URL,
    kafkaBrokers: result.env.KAFKA_BROKERS,
    mongodbUrl: result.env.MONGODB_URL,
    issuer: result.env.AUTH_ISSUER,
    // Every scenario's apps verify bearer tokens and count rate limits: the provider and Redis always stay.
    release: (needed) => stopStarted([...started].filter((name) => !['oidc-provider', 'redis'].includes(name) && !needed.includes(name))),
    stop: () => stopStarted([...started]),
  };
}
