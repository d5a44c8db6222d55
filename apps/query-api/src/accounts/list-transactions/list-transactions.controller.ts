import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountIdParams } from '../account-id.params';
import { TransactionsParams } from '../query-params';
import { ListTransactionsQuery, type TransactionPage } from './list-transactions.query';

@ApiTags('accounts')
@Controller('accounts')
export class ListTransactionsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/transactions')
  @ApiOperation({ summary: 'Deposits and withdrawals of an account, newest first, in pages' })
  list(@Param() { id }: AccountIdParams, @Query() params: TransactionsParams): Promise<TransactionPage> {
    return this.queryBus.execute(new ListTransactionsQuery(id.toLowerCase(), params));
  }
}
