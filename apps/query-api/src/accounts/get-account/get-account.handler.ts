import { APP_CONFIG, DomainErrorException } from '@ledger/platform';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { QueryApiConfig } from '../../query-api.config';
import { AccountSummaries } from '../../read-models/account-summaries';
import { ProjectionProgress } from '../../read-models/projection-progress';
import { ensureReadYourWrites } from '../../read-models/read-your-writes';
import { accountNotFound } from '../account-not-found';
import { accountViewOf, type AccountView } from '../account.view';
import { GetAccountQuery } from './get-account.query';

@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery> {
  constructor(
    private readonly summaries: AccountSummaries,
    private readonly progress: ProjectionProgress,
    @Inject(APP_CONFIG) private readonly config: QueryApiConfig,
  ) {}

  async execute({ accountId, readYourWrites }: GetAccountQuery): Promise<AccountView> {
    await ensureReadYourWrites(accountId, readYourWrites, this.config.readYourWritesDefaultMs, () => this.progress.revisionOf('account-summary', accountId));
    const row = await this.summaries.find(accountId);
    if (row === undefined) throw new DomainErrorException(accountNotFound(accountId));
    return accountViewOf(row);
  }
}
