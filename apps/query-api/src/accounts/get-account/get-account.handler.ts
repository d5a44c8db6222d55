import { DomainErrorException, mayActFor } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CachedAccountViews } from '../../query-cache/cached-account-views';
import { AccountSummaries } from '../../read-models/account-summaries';
import { foreignBeforeWaiting, mayRevealTo } from '../../read-models/foreign-before-waiting';
import { ReadModelGenerations } from '../../read-models/read-model-generations';
import { ReadYourWrites } from '../../read-models/read-your-writes';
import { accountNotFound } from '../account-not-found';
import { accountViewOf, type AccountView } from '../account.view';
import { GetAccountQuery } from './get-account.query';

@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery> {
  constructor(
    private readonly summaries: AccountSummaries,
    private readonly readYourWrites: ReadYourWrites,
    private readonly cached: CachedAccountViews,
    private readonly generations: ReadModelGenerations,
  ) {}

  async execute({ accountId, readYourWrites, reader }: GetAccountQuery): Promise<AccountView> {
    const startedAt = Date.now();
    // Learned before the database is read, so a view is never cached as from a newer read model than it came from.
    const generation = this.cached.enabled ? await this.generations.current('account-summary') : undefined;
    const fromCache = await this.cached.answer(accountId, generation, readYourWrites, reader);
    if (fromCache !== undefined) return fromCache;
    const subject = { accountId };
    const notFound = () => new DomainErrorException(accountNotFound(accountId));
    const ownersOf = () => this.summaries.ownersOf(accountId);
    if (await foreignBeforeWaiting(reader, readYourWrites, ownersOf)) return this.readYourWrites.asIfUnseen(subject, readYourWrites, startedAt, notFound);
    await this.readYourWrites.ensure('account-summary', subject, readYourWrites, mayRevealTo(reader, ownersOf));
    const row = await this.summaries.find(accountId);
    if (row === undefined) throw notFound();
    if (!mayActFor(reader, row.owner_id)) return this.readYourWrites.asIfUnseen(subject, readYourWrites, startedAt, notFound);
    const view = accountViewOf(row);
    // Only an answer the reader may see is cached: a refused read costs the same either way.
    await this.cached.remember(view, generation);
    return view;
  }
}
