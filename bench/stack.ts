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
  /** Stops what this session started and is still running; a no-op otherwise. */
  stop(): void;
}

/**
 * Starts what is not running (or checks DATABASE_URL & co. when they point elsewhere). The
 * benchmark needs PostgreSQL only: Kafka and FerretDB, when this run started them, are stopped
 * again at once so they do not compete for the CPU while it measures.
 */
export function stackUp(): StackSession {
  const result = JSON.parse(runStack(['up', '--json'])) as UpResult;
  const started = new Set<ComponentName>(result.started);
  const unneeded = [...started].filter((name) => name !== 'postgres');
  if (unneeded.length > 0) {
    runStack(['down', ...unneeded]);
    for (const name of unneeded) started.delete(name);
  }
  return {
    databaseUrl: result.env.DATABASE_URL,
    stop: () => {
      if (started.size === 0) return;
      runStack(['down', ...started]);
      started.clear();
    },
  };
}
