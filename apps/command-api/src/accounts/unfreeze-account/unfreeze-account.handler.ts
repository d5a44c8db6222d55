import { parseAccountId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { validated } from '../../commands/validated';
import { UnfreezeAccountCommand } from './unfreeze-account.command';

@CommandHandler(UnfreezeAccountCommand)
export class UnfreezeAccountHandler implements ICommandHandler<UnfreezeAccountCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ accountId, context }: UnfreezeAccountCommand): Promise<AccountCommandReply> {
    return this.runner.run({ type: 'UnfreezeAccount', accountId: validated(parseAccountId(accountId)) }, context);
  }
}
