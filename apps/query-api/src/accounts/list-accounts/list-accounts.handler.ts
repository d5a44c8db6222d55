import { ownerScopeOf } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AccountSummaries } from '../../read-models/account-summaries';
import { decodeCursor, pageOf } from '../../read-models/cursor';
import { accountViewOf } from '../account.view';
import { DEFAULT_PAGE_SIZE } from '../query-params';
import { ListAccountsQuery, type AccountPage } from './list-accounts.query';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@QueryHandler(ListAccountsQuery)
export class ListAccountsHandler implements IQueryHandler<ListAccountsQuery> {
  constructor(private readonly summaries: AccountSummaries) {}

  async execute({ params, reader }: ListAccountsQuery): Promise<AccountPage> {
    const limit = params.limit ?? DEFAULT_PAGE_SIZE;
    // A customer lists only their own accounts; asking for another owner's finds none.
    const scope = ownerScopeOf(reader);
    if (scope !== undefined && params.ownerId !== undefined && params.ownerId !== scope) return { items: [], nextCursor: null };
    const ownerId = scope ?? params.ownerId;
    const rows = await this.summaries.list({
      ...(ownerId === undefined ? {} : { ownerId }),
      ...(params.status === undefined ? {} : { status: params.status }),
      ...(params.cursor === undefined ? {} : { afterAccountId: decodeCursor(params.cursor, (key) => uuid.test(key)) }),
      limit: limit + 1,
    });
    return pageOf(rows, limit, accountViewOf, (row) => row.account_id);
  }
}
