import { DomainErrorException } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CustomerPortfolios } from '../../read-models/customer-portfolios';
import { GetPortfolioQuery } from './get-portfolio.query';
import { portfolioViewOf, type PortfolioView } from './portfolio.view';

@QueryHandler(GetPortfolioQuery)
export class GetPortfolioHandler implements IQueryHandler<GetPortfolioQuery> {
  constructor(private readonly portfolios: CustomerPortfolios) {}

  async execute({ ownerId }: GetPortfolioQuery): Promise<PortfolioView> {
    const document = await this.portfolios.find(ownerId);
    if (document === undefined) {
      throw new DomainErrorException({ code: 'CUSTOMER_NOT_FOUND', message: `customer ${ownerId} has no accounts (yet)`, ownerId });
    }
    return portfolioViewOf(document);
  }
}
