import { type Db } from 'mongodb';
import { type Pool } from 'pg';
import { copyNameOf, type ReadModelCopies } from '../../port/read-model-copies';
import { type ReadModelStore } from '../../port/read-model-store';
import { type UnitOfWork } from '../../port/unit-of-work';
import { type ProjectionVersions } from '../../postgres/projection-versions';
import { MongoCustomerPortfolioStore } from './mongo-customer-portfolio-store';
import { ownersCollection, portfolioCollection } from './portfolio-document';

export interface MongoPortfolioCopiesOptions {
  readonly db: Db;
  /** Where the live copy is recorded (`projection_versions`). */
  readonly versions: ProjectionVersions;
  readonly projection: string;
  /** Where `versions` lives. */
  readonly pool: Pool;
  /** Statements per MongoDB write command; DEFAULT_WRITE_STATEMENTS_MAX explains the bound. */
  readonly writeStatementsMax?: number;
}

/**
 * Copies of `customer-portfolio`: collections `customer_portfolios__<copy>` and
 * `customer_portfolio_owners__<copy>`. A copy is promoted by moving the pointer in
 * `projection_versions`, which the live writer reads in every batch's transaction and the
 * query API before every read: renaming two collections could not be made atomic, and FerretDB
 * cannot rename over an existing collection.
 */
export class MongoPortfolioCopies implements ReadModelCopies {
  private readonly stores = new Map<string, ReadModelStore>();

  constructor(private readonly options: MongoPortfolioCopiesOptions) {}

  /** The store writing whichever copy is live when its unit of work runs. */
  live(): ReadModelStore {
    const { db, projection, writeStatementsMax } = this.options;
    return new MongoCustomerPortfolioStore({ db, writeStatementsMax, copyOf: (unit) => unit.liveCopy(projection) });
  }

  async create(copy: string): Promise<void> {
    await this.drop(copy);
    for (const name of collectionsOf(copy)) await this.options.db.createCollection(name);
  }

  store(copy: string): ReadModelStore {
    let store = this.stores.get(copy);
    if (store === undefined) {
      const { db, writeStatementsMax } = this.options;
      store = new MongoCustomerPortfolioStore({ db, writeStatementsMax, copyOf: () => Promise.resolve(copy) });
      this.stores.set(copy, store);
    }
    return store;
  }

  /** Documents are read by `_id`: nothing to prepare. */
  ready(): Promise<void> {
    return Promise.resolve();
  }

  promote(copy: string, unit: UnitOfWork): Promise<string> {
    return unit.repointLiveCopy(this.options.projection, copy);
  }

  async drop(copy: string): Promise<void> {
    // A swap whose commit was lost on the wire may have made the copy live after all.
    const live = await this.options.versions.liveCopy(this.options.pool, this.options.projection);
    if (copy === live) throw new Error(`copy "${copy}" of ${this.options.projection} is live; it is not dropped`);
    this.stores.delete(copy);
    const existing = new Set((await this.options.db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name));
    for (const name of collectionsOf(copy)) if (existing.has(name)) await this.options.db.dropCollection(name);
  }
}

function collectionsOf(copy: string): string[] {
  return [copyNameOf(portfolioCollection, copy), copyNameOf(ownersCollection, copy)];
}
