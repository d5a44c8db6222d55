import { parseAccountId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { moneyMovementOf } from '../../commands/money-movement.request';
import { validated } from '../../commands/validated';
import { WithdrawMoneyCommand } from './withdraw-money.command';

@CommandHandler(WithdrawMoneyCommand)
export class WithdrawMoneyHandler implements ICommandHandler<WithdrawMoneyCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ accountId, request, context }: WithdrawMoneyCommand): Promise<AccountCommandReply> {
    const command = { type: 'WithdrawMoney', accountId: validated(parseAccountId(accountId)), ...moneyMovementOf(request) } as const;
    return this.runner.run(command, context);
  }
}
