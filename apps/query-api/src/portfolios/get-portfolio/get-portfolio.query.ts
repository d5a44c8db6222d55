import type { Principal } from '@ledger/platform';
import { Query } from '@nestjs/cqrs';
import type { PortfolioView } from './portfolio.view';

export class GetPortfolioQuery extends Query<PortfolioView> {
  constructor(
    readonly ownerId: string,
    readonly reader: Principal,
  ) {
    super();
  }
}
