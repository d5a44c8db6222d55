import { Allow, ApiProblemResponses, CurrentPrincipal, type Principal } from '@ledger/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountIdParams } from '../account-id.params';
import { TransactionsParams } from '../query-params';
import { ListTransactionsQuery, type TransactionPage } from './list-transactions.query';
import { TransactionPageView } from './transaction-page.view';

@ApiTags('accounts')
@Allow('customer', 'teller')
@Controller('accounts')
export class ListTransactionsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/transactions')
  @ApiOperation({ summary: 'Deposits and withdrawals of an account, newest first, in pages' })
  @ApiOkResponse({ type: TransactionPageView })
  @ApiProblemResponses({ 404: 'ACCOUNT_NOT_FOUND', 503: 'READ_MODEL_BEHIND: minRevision not applied within timeoutMs; TOO_MANY_WAITERS. Both with Retry-After' })
  list(@Param() { id }: AccountIdParams, @Query() params: TransactionsParams, @CurrentPrincipal() reader: Principal): Promise<TransactionPage> {
    return this.queryBus.execute(new ListTransactionsQuery(id.toLowerCase(), params, reader));
  }
}
