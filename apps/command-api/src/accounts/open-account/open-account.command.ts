import { Command } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import type { CommandContext } from '../../commands/command-context';
import type { OpenAccountRequest } from './open-account.request';

export class OpenAccountCommand extends Command<AccountCommandReply> {
  constructor(
    readonly request: OpenAccountRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}
