import { DomainErrorException } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AccountSummaries } from '../../read-models/account-summaries';
import { ReadYourWrites } from '../../read-models/read-your-writes';
import { accountNotFound } from '../account-not-found';
import { maySeeOwner } from '../reader-scope';
import { accountViewOf, type AccountView } from '../account.view';
import { GetAccountQuery } from './get-account.query';

@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery> {
  constructor(
    private readonly summaries: AccountSummaries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ accountId, readYourWrites, reader }: GetAccountQuery): Promise<AccountView> {
    await this.readYourWrites.ensure('account-summary', accountId, readYourWrites);
    const row = await this.summaries.find(accountId);
    if (row === undefined || !maySeeOwner(reader, row.owner_id)) throw new DomainErrorException(accountNotFound(accountId));
    return accountViewOf(row);
  }
}
