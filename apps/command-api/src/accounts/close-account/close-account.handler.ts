import { parseAccountId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { validated } from '../../commands/validated';
import { CloseAccountCommand } from './close-account.command';

@CommandHandler(CloseAccountCommand)
export class CloseAccountHandler implements ICommandHandler<CloseAccountCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ accountId, context }: CloseAccountCommand): Promise<AccountCommandReply> {
    return this.runner.run({ type: 'CloseAccount', accountId: validated(parseAccountId(accountId)) }, context);
  }
}
