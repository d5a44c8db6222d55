import { assertNever } from '@ledger/domain';
import { AdminError, type ProjectorAdminClient } from './admin-client';
import { CommandFailed, quietIo, type CliIo } from './cli-io';
import { deadLetterRetry, deadLetterSkip, deadLettersList, projectionsStatus, setPaused } from './commands';
import { migrateCommand, type SchemaMigrator } from './migrate/migrate-command';
import { parseArguments, usage, UsageError, type CliCommand } from './parse-arguments';
import { projectionsRebuild, rebuildStatus } from './rebuild-commands';
import type { TokenIssuer } from './token-command';

const noTokenIssuer: TokenIssuer = () => Promise.reject(new CommandFailed('this CLI issues no tokens'));
const noMigrator: SchemaMigrator = () => Promise.reject(new CommandFailed('this CLI migrates nothing'));

/** What the commands that do not go through the admin API use. */
export interface CliServices {
  readonly issueToken?: TokenIssuer;
  readonly migrate?: SchemaMigrator;
}

export interface CliOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function execute(command: CliCommand, client: ProjectorAdminClient, io: CliIo, services: CliServices): Promise<string> {
  switch (command.kind) {
    case 'help':
      return Promise.resolve(usage);
    case 'projections-status':
      return projectionsStatus(client);
    case 'projections-pause':
      return setPaused(client, command.name, command.paused);
    case 'projections-rebuild':
      return projectionsRebuild(client, command.name, command.wait, io);
    case 'projections-rebuild-status':
      return rebuildStatus(client, command.name, command.rebuildId, command.follow, io);
    case 'dead-letters-list':
      return deadLettersList(client, command.query);
    case 'dead-letters-retry':
      return deadLetterRetry(client, command.id);
    case 'dead-letters-skip':
      return deadLetterSkip(client, command.id, command.reason);
    case 'token':
      return (services.issueToken ?? noTokenIssuer)(command.subject, command.roles);
    case 'migrate':
      return migrateCommand(services.migrate ?? noMigrator, command.dryRun);
    default:
      return assertNever(command);
  }
}

/**
 * Runs one command line: 0 on success, 1 when the projector refused or could not be reached, a
 * rebuild did not complete or a migration step stopped, 2 for a bad command line. Progress goes
 * to `io` while it runs.
 */
export async function runCli(args: readonly string[], client: ProjectorAdminClient, io: CliIo = quietIo, services: CliServices = {}): Promise<CliOutput> {
  try {
    return { exitCode: 0, stdout: await execute(parseArguments(args), client, io, services), stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `error: ${error.message}\n\n${usage}` };
    if (error instanceof CommandFailed) return { exitCode: 1, stdout: error.stdout, stderr: `error: ${error.message}` };
    if (error instanceof AdminError) return { exitCode: 1, stdout: '', stderr: `error: ${error.message}` };
    throw error;
  }
}
