import type { Principal } from '@ledger/platform';
import { Query } from '@nestjs/cqrs';
import type { AccountView } from '../account.view';
import type { ReadYourWritesParams } from '../query-params';

export class GetAccountQuery extends Query<AccountView> {
  constructor(
    readonly accountId: string,
    readonly readYourWrites: ReadYourWritesParams,
    readonly reader: Principal,
  ) {
    super();
  }
}
