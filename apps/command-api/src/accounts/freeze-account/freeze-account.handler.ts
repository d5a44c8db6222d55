import { parseAccountId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { validated } from '../../commands/validated';
import { FreezeAccountCommand } from './freeze-account.command';

@CommandHandler(FreezeAccountCommand)
export class FreezeAccountHandler implements ICommandHandler<FreezeAccountCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ accountId, request, context }: FreezeAccountCommand): Promise<AccountCommandReply> {
    return this.runner.run({ type: 'FreezeAccount', accountId: validated(parseAccountId(accountId)), reason: request.reason }, context);
  }
}
