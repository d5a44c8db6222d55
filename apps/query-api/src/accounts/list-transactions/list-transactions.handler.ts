import { DomainErrorException } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AccountTransactions } from '../../read-models/account-transactions';
import { ProjectionProgress } from '../../read-models/projection-progress';
import { decodeCursor, pageOf } from '../../read-models/cursor';
import { ReadYourWrites } from '../../read-models/read-your-writes';
import { accountNotFound } from '../account-not-found';
import { DEFAULT_PAGE_SIZE } from '../query-params';
import { ListTransactionsQuery, type TransactionPage } from './list-transactions.query';
import { transactionViewOf } from './transaction.view';

@QueryHandler(ListTransactionsQuery)
export class ListTransactionsHandler implements IQueryHandler<ListTransactionsQuery> {
  constructor(
    private readonly transactions: AccountTransactions,
    private readonly progress: ProjectionProgress,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ accountId, params }: ListTransactionsQuery): Promise<TransactionPage> {
    await this.readYourWrites.ensure('account-transactions', accountId, params);
    if ((await this.progress.revisionOf('account-transactions', accountId)) === undefined) throw new DomainErrorException(accountNotFound(accountId));
    const limit = params.limit ?? DEFAULT_PAGE_SIZE;
    const before = params.cursor === undefined ? undefined : BigInt(decodeCursor(params.cursor, (key) => /^\d{1,18}$/.test(key)));
    const rows = await this.transactions.list(accountId, before, limit + 1);
    return pageOf(rows, limit, transactionViewOf, (row) => row.revision);
  }
}
