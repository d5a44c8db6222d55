import { Allow, CurrentPrincipal, type Principal } from '@ledger/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountPageView } from './account-page.view';
import { ListAccountsParams } from './list-accounts.params';
import { ListAccountsQuery, type AccountPage } from './list-accounts.query';

@ApiTags('accounts')
@Allow('customer', 'teller')
@Controller('accounts')
export class ListAccountsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Accounts by owner and status, in pages (keyset; pass nextCursor back as cursor)' })
  @ApiOkResponse({ type: AccountPageView })
  list(@Query() params: ListAccountsParams, @CurrentPrincipal() reader: Principal): Promise<AccountPage> {
    return this.queryBus.execute(new ListAccountsQuery(params, reader));
  }
}
