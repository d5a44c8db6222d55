import { MONGO_CLIENT } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type MongoClient } from 'mongodb';

/** A `customer_portfolios` document, as the customer-portfolio projection writes it. */
export interface PortfolioDocument {
  readonly _id: string;
  readonly ownerId: string;
  readonly accounts: Readonly<
    Record<string, { accountId: string; currency: string; balanceMinor: string; status: 'open' | 'frozen' | 'closed'; revision: number }>
  >;
  readonly updatedAt: Date;
}

/** Reads the `customer_portfolios` read model (MongoDB). */
@Injectable()
export class CustomerPortfolios {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}

  async find(ownerId: string): Promise<PortfolioDocument | undefined> {
    const document = await this.client.db().collection<PortfolioDocument>('customer_portfolios').findOne({ _id: ownerId });
    return document ?? undefined;
  }
}
