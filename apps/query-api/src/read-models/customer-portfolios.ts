import { copyNameOf } from '@ledger/projections';
import { portfolioCollection } from '@ledger/projections/accounts';
import { MONGO_CLIENT } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type MongoClient } from 'mongodb';
import { LiveCopies } from './live-copies';

/** A `customer_portfolios` document, as the customer-portfolio projection writes it. */
export interface PortfolioDocument {
  readonly _id: string;
  readonly ownerId: string;
  readonly accounts: Readonly<
    Record<string, { accountId: string; currency: string; balanceMinor: string; status: 'open' | 'frozen' | 'closed'; revision: number }>
  >;
  readonly updatedAt: Date;
}

/** Reads the `customer_portfolios` read model (MongoDB), in whichever copy is live. */
@Injectable()
export class CustomerPortfolios {
  constructor(
    @Inject(MONGO_CLIENT) private readonly client: MongoClient,
    private readonly copies: LiveCopies,
  ) {}

  async find(ownerId: string): Promise<PortfolioDocument | undefined> {
    const collection = copyNameOf(portfolioCollection, await this.copies.liveCopy('customer-portfolio'));
    const document = await this.client.db().collection<PortfolioDocument>(collection).findOne({ _id: ownerId });
    return document ?? undefined;
  }
}
