import { Command } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import type { CommandContext } from '../../commands/command-context';

export class CloseAccountCommand extends Command<AccountCommandReply> {
  constructor(
    readonly accountId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
