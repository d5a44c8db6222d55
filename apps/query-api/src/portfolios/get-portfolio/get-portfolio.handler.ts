import { DomainErrorException, mayActFor } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CustomerPortfolios } from '../../read-models/customer-portfolios';
import { GetPortfolioQuery } from './get-portfolio.query';
import { portfolioViewOf, type PortfolioView } from './portfolio.view';

@QueryHandler(GetPortfolioQuery)
export class GetPortfolioHandler implements IQueryHandler<GetPortfolioQuery> {
  constructor(private readonly portfolios: CustomerPortfolios) {}

  async execute({ ownerId, reader }: GetPortfolioQuery): Promise<PortfolioView> {
    // Another customer's portfolio is not looked up at all: it answers as one that does not exist.
    const document = mayActFor(reader, ownerId) ? await this.portfolios.find(ownerId) : undefined;
    if (document === undefined) {
      throw new DomainErrorException({ code: 'CUSTOMER_NOT_FOUND', message: `customer ${ownerId} has no accounts (yet)`, ownerId });
    }
    return portfolioViewOf(document);
  }
}
