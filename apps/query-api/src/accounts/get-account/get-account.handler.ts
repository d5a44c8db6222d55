import { DomainErrorException, mayActFor, ownerScopeOf } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AccountSummaries } from '../../read-models/account-summaries';
import { ReadYourWrites } from '../../read-models/read-your-writes';
import { accountNotFound } from '../account-not-found';
import { accountViewOf, type AccountView } from '../account.view';
import { GetAccountQuery } from './get-account.query';

@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery> {
  constructor(
    private readonly summaries: AccountSummaries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ accountId, readYourWrites, reader }: GetAccountQuery): Promise<AccountView> {
    const startedAt = Date.now();
    const notFound = () => new DomainErrorException(accountNotFound(accountId));
    // Someone else's account is not waited for: its revision would tell that it exists.
    const before = ownerScopeOf(reader) === undefined || readYourWrites.minRevision === undefined ? undefined : await this.summaries.find(accountId);
    if (before !== undefined && !mayActFor(reader, before.owner_id)) return this.readYourWrites.asIfUnseen(accountId, readYourWrites, startedAt, notFound);
    await this.readYourWrites.ensure('account-summary', accountId, readYourWrites);
    const row = await this.summaries.find(accountId);
    if (row === undefined) throw notFound();
    if (!mayActFor(reader, row.owner_id)) return this.readYourWrites.asIfUnseen(accountId, readYourWrites, startedAt, notFound);
    return accountViewOf(row);
  }
}
