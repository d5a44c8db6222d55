import { Command } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import type { CommandContext } from '../command-context';
import type { MoneyMovementRequest } from '../money-movement.request';

export class WithdrawMoneyCommand extends Command<AccountCommandReply> {
  constructor(
    readonly accountId: string,
    readonly request: MoneyMovementRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}
