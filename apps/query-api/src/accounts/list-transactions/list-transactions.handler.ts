import { DomainErrorException, ownerScopeOf } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AccountSummaries } from '../../read-models/account-summaries';
import { AccountTransactions } from '../../read-models/account-transactions';
import { ProjectionProgress } from '../../read-models/projection-progress';
import { decodeCursor, pageOf } from '../../read-models/cursor';
import { foreignBeforeWaiting, mayRevealTo } from '../../read-models/foreign-before-waiting';
import { ReadYourWrites } from '../../read-models/read-your-writes';
import { accountNotFound } from '../account-not-found';
import { DEFAULT_PAGE_SIZE } from '../query-params';
import { ListTransactionsQuery, type TransactionPage } from './list-transactions.query';
import { transactionViewOf } from './transaction.view';

@QueryHandler(ListTransactionsQuery)
export class ListTransactionsHandler implements IQueryHandler<ListTransactionsQuery> {
  constructor(
    private readonly transactions: AccountTransactions,
    private readonly summaries: AccountSummaries,
    private readonly progress: ProjectionProgress,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ accountId, params, reader }: ListTransactionsQuery): Promise<TransactionPage> {
    const startedAt = Date.now();
    const subject = { accountId };
    const notFound = () => new DomainErrorException(accountNotFound(accountId));
    const ownersOf = () => this.summaries.ownersOf(accountId);
    if (await foreignBeforeWaiting(reader, params, ownersOf)) return this.readYourWrites.asIfUnseen(subject, params, startedAt, notFound);
    await this.readYourWrites.ensure('account-transactions', subject, params, mayRevealTo(reader, ownersOf));
    if ((await this.progress.revisionOf('account-transactions', subject)) === undefined) throw notFound();
    // The owner is in the account summary, another projection: a customer's own account waits for both.
    const owner = ownerScopeOf(reader);
    if (owner !== undefined) {
      await this.readYourWrites.ensure('account-summary', subject, params, mayRevealTo(reader, ownersOf));
      if ((await this.summaries.find(accountId))?.owner_id !== owner) return this.readYourWrites.asIfUnseen(subject, params, startedAt, notFound);
    }
    const limit = params.limit ?? DEFAULT_PAGE_SIZE;
    const before = params.cursor === undefined ? undefined : BigInt(decodeCursor(params.cursor, (key) => /^\d{1,18}$/.test(key)));
    const rows = await this.transactions.list(accountId, before, limit + 1);
    return pageOf(rows, limit, transactionViewOf, (row) => row.revision);
  }
}
