import { Allow, ApiProblemResponses, CurrentPrincipal, type Principal } from '@ledger/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadYourWritesParams } from '../../accounts/query-params';
import { TransferIdParams } from '../transfer-id.params';
import { TransferView } from '../transfer.view';
import { GetTransferQuery } from './get-transfer.query';

@ApiTags('transfers')
@Allow('customer', 'teller')
@Controller('transfers')
export class GetTransferController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getTransfer', summary: 'One transfer: its terms, where it stands, and why it failed' })
  @ApiOkResponse({ type: TransferView })
  @ApiProblemResponses({
    404: 'TRANSFER_NOT_FOUND (also for a customer’s read of a transfer between other owners’ accounts)',
    503: 'READ_MODEL_BEHIND: minRevision not applied within timeoutMs; TOO_MANY_WAITERS. Both with Retry-After',
  })
  get(@Param() { id }: TransferIdParams, @Query() readYourWrites: ReadYourWritesParams, @CurrentPrincipal() reader: Principal): Promise<TransferView> {
    return this.queryBus.execute(new GetTransferQuery(id.toLowerCase(), readYourWrites, reader));
  }
}
