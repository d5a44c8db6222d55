import { Allow, ApiProblemResponses, CurrentPrincipal, type Principal } from '@ledger/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOwnerId, ownerIdSchema } from '../../owners/owner-id';
import { GetPortfolioQuery } from './get-portfolio.query';
import { PortfolioView } from './portfolio.view';

export class OwnerIdParams {
  @ApiProperty(ownerIdSchema)
  @IsOwnerId()
  readonly ownerId!: string;
}

@ApiTags('customers')
@Allow('customer', 'teller')
@Controller('customers')
export class GetPortfolioController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':ownerId/portfolio')
  @ApiOperation({ summary: 'A customer’s accounts and totals per currency (from the MongoDB read model)' })
  @ApiOkResponse({ type: PortfolioView })
  @ApiProblemResponses({ 404: 'CUSTOMER_NOT_FOUND', 503: 'READ_MODEL_UNAVAILABLE: MongoDB cannot answer (accounts and transactions are still served); with Retry-After' })
  get(@Param() { ownerId }: OwnerIdParams, @CurrentPrincipal() reader: Principal): Promise<PortfolioView> {
    return this.queryBus.execute(new GetPortfolioQuery(ownerId, reader));
  }
}
