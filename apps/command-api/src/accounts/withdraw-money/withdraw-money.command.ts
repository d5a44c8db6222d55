import { Command } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import type { CommandContext } from '../../commands/command-context';
import type { MoneyMovementRequest } from '../../commands/money-movement.request';

export class WithdrawMoneyCommand extends Command<AccountCommandReply> {
  constructor(
    readonly accountId: string,
    readonly request: MoneyMovementRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}
