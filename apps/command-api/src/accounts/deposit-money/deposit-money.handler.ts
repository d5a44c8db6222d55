import { parseAccountId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { moneyMovementOf } from '../../commands/money-movement.request';
import { validated } from '../../commands/validated';
import { DepositMoneyCommand } from './deposit-money.command';

@CommandHandler(DepositMoneyCommand)
export class DepositMoneyHandler implements ICommandHandler<DepositMoneyCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ accountId, request, context }: DepositMoneyCommand): Promise<AccountCommandReply> {
    const command = { type: 'DepositMoney', accountId: validated(parseAccountId(accountId)), ...moneyMovementOf(request) } as const;
    return this.runner.run(command, context);
  }
}
