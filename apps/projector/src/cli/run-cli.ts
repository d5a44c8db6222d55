import { assertNever } from '@ledger/domain';
import { AdminError, type ProjectorAdminClient } from './admin-client';
import { deadLetterRetry, deadLetterSkip, deadLettersList, projectionsStatus, setPaused } from './commands';
import { parseArguments, usage, UsageError, type CliCommand } from './parse-arguments';

export interface CliOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function execute(command: CliCommand, client: ProjectorAdminClient): Promise<string> {
  switch (command.kind) {
    case 'help':
      return Promise.resolve(usage);
    case 'projections-status':
      return projectionsStatus(client);
    case 'projections-pause':
      return setPaused(client, command.name, command.paused);
    case 'dead-letters-list':
      return deadLettersList(client, command.query);
    case 'dead-letters-retry':
      return deadLetterRetry(client, command.id);
    case 'dead-letters-skip':
      return deadLetterSkip(client, command.id);
    default:
      return assertNever(command);
  }
}

/** Runs one command line: 0 on success, 1 when the projector refused or could not be reached, 2 for a bad command line. */
export async function runCli(args: readonly string[], client: ProjectorAdminClient): Promise<CliOutput> {
  try {
    return { exitCode: 0, stdout: await execute(parseArguments(args), client), stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `error: ${error.message}\n\n${usage}` };
    if (error instanceof AdminError) return { exitCode: 1, stdout: '', stderr: `error: ${error.message}` };
    throw error;
  }
}
