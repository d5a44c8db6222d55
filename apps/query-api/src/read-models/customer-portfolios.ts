import { copyNameOf } from '@ledger/projections';
import { portfolioCollection } from '@ledger/projections/accounts';
import { isTransientMongoError } from '@ledger/projections/mongodb';
import { APP_CONFIG, DomainErrorException, MONGO_CLIENT } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type MongoClient } from 'mongodb';
import { type QueryApiConfig } from '../query-api.config';
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

/** How soon a client may ask again while MongoDB is away: the driver looks for it about that often. */
const RETRY_AFTER_SECONDS = 5;

/** Reads the `customer_portfolios` read model (MongoDB), in whichever copy is live. */
@Injectable()
export class CustomerPortfolios {
  private readonly maxTimeMs: number;

  constructor(
    @Inject(MONGO_CLIENT) private readonly client: MongoClient,
    private readonly copies: LiveCopies,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.maxTimeMs = config.mongodbTimeoutMs;
  }

  /** Throws 503 READ_MODEL_UNAVAILABLE (with Retry-After) while MongoDB cannot answer. */
  async find(ownerId: string): Promise<PortfolioDocument | undefined> {
    const collection = copyNameOf(portfolioCollection, await this.copies.liveCopy('customer-portfolio'));
    try {
      const document = await this.client.db().collection<PortfolioDocument>(collection).findOne({ _id: ownerId }, { maxTimeMS: this.maxTimeMs });
      return document ?? undefined;
    } catch (error) {
      if (!isTransientMongoError(error)) throw error;
      throw new DomainErrorException({
        code: 'READ_MODEL_UNAVAILABLE',
        message: 'The portfolio read model (MongoDB) cannot be reached right now; ask again shortly.',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
  }
}
