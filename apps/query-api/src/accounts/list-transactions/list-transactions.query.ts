import type { Principal } from '@ledger/platform';
import { Query } from '@nestjs/cqrs';
import type { TransactionsParams } from '../query-params';
import type { TransactionView } from './transaction.view';

export interface TransactionPage {
  readonly items: TransactionView[];
  readonly nextCursor: string | null;
}

export class ListTransactionsQuery extends Query<TransactionPage> {
  constructor(
    readonly accountId: string,
    readonly params: TransactionsParams,
    readonly reader: Principal,
  ) {
    super();
  }
}
