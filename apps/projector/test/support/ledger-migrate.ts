import { ProjectorAdminClient } from '../../src/cli/admin-client';
import { quietIo } from '../../src/cli/cli-io';
import { postgresSchemaMigrator } from '../../src/cli/migrate/postgres-migrator';
import { runCli, type CliOutput } from '../../src/cli/run-cli';

/**
 * `ledger <args>` as `ledger.ts` wires it, in this process, with `env` over the test's environment:
 * each call opens its own pool, so calls made together are as independent as separate processes.
 * (The built CLI is run from a production install by tests/system.)
 */
export function ledger(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliOutput> {
  const unreachable = new ProjectorAdminClient('http://127.0.0.1:9', fetch);
  return runCli(args, unreachable, quietIo, { migrate: postgresSchemaMigrator({ ...process.env, ...env }, quietIo) });
}
