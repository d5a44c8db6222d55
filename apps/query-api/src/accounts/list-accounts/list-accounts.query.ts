import type { Principal } from '@ledger/platform';
import { Query } from '@nestjs/cqrs';
import type { AccountView } from '../account.view';
import type { ListAccountsParams } from './list-accounts.params';

export interface AccountPage {
  readonly items: AccountView[];
  readonly nextCursor: string | null;
}

export class ListAccountsQuery extends Query<AccountPage> {
  constructor(
    readonly params: ListAccountsParams,
    readonly reader: Principal,
  ) {
    super();
  }
}
