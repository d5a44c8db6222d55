import { Command } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import type { CommandContext } from '../../commands/command-context';
import type { FreezeAccountRequest } from './freeze-account.request';

export class FreezeAccountCommand extends Command<AccountCommandReply> {
  constructor(
    readonly accountId: string,
    readonly request: FreezeAccountRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}
