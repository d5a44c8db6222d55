import { parseAccountId, parseCurrency, parseOwnerId } from '@ledger/domain';
import { ValidationFailedException, type Principal } from '@ledger/platform';
import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { actsOnAnyAccount } from '../account-access';
import type { AccountCommandReply } from '../account-command-result';
import { AccountCommandRunner } from '../account-command.runner';
import { validated } from '../../commands/validated';
import { OpenAccountCommand } from './open-account.command';

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute({ request, context }: OpenAccountCommand): Promise<AccountCommandReply> {
    const accountId = validated(parseAccountId(request.accountId ?? randomUUID()));
    const ownerId = validated(parseOwnerId(ownerIdFor(request.ownerId, context.principal)));
    const currency = validated(parseCurrency(request.currency));
    return this.runner.run({ type: 'OpenAccount', accountId, ownerId, currency }, context);
  }
}

/** API.md: a teller opens for any owner (and must say which); a customer for themselves only. */
function ownerIdFor(requested: string | undefined, principal: Principal): string {
  if (actsOnAnyAccount(principal)) {
    if (requested === undefined) throw new ValidationFailedException([{ field: 'ownerId', message: 'is required when a teller opens an account' }]);
    return requested;
  }
  if (requested !== undefined && requested !== principal.subject) {
    throw new ForbiddenException('A customer opens accounts for themselves only: omit ownerId or give your own subject.');
  }
  return principal.subject;
}
