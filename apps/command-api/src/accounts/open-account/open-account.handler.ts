import { parseAccountId, parseCurrency, parseOwnerId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { validated } from '../validated';
import { OpenAccountCommand } from './open-account.command';

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ request, context }: OpenAccountCommand): Promise<AccountCommandReply> {
    const accountId = validated(parseAccountId(request.accountId ?? randomUUID()));
    const ownerId = validated(parseOwnerId(request.ownerId));
    const currency = validated(parseCurrency(request.currency));
    return this.runner.run({ type: 'OpenAccount', accountId, ownerId, currency }, context);
  }
}
