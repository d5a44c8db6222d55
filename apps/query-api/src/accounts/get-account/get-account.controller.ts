import { Allow, ApiProblemResponses, CurrentPrincipal, type Principal } from '@ledger/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountIdParams } from '../account-id.params';
import { AccountView } from '../account.view';
import { ReadYourWritesParams } from '../query-params';
import { GetAccountQuery } from './get-account.query';

@ApiTags('accounts')
@Allow('customer', 'teller')
@Controller('accounts')
export class GetAccountController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'One account: balance, status and revision' })
  @ApiOkResponse({ type: AccountView })
  @ApiProblemResponses({ 404: 'ACCOUNT_NOT_FOUND', 503: 'READ_MODEL_BEHIND: minRevision not applied within timeoutMs; TOO_MANY_WAITERS. Both with Retry-After' })
  get(@Param() { id }: AccountIdParams, @Query() readYourWrites: ReadYourWritesParams, @CurrentPrincipal() reader: Principal): Promise<AccountView> {
    return this.queryBus.execute(new GetAccountQuery(id.toLowerCase(), readYourWrites, reader));
  }
}
