import { type Db } from 'mongodb';
import { type ProjectionDefinition } from '../port/projection';
import { PostgresReadModelStore } from '../postgres/postgres-read-model-store';
import { accountSummaryProjection } from './account-summary/account-summary.projection';
import { accountTransactionsProjection } from './account-transactions/account-transactions.projection';
import { MongoCustomerPortfolioStore } from './customer-portfolio/mongo-customer-portfolio-store';

export const accountProjectionNames = ['account-summary', 'account-transactions', 'customer-portfolio'] as const;
export type AccountProjectionName = (typeof accountProjectionNames)[number];

export interface AccountProjectionsOptions {
  /** PostgreSQL schema of the read-model tables (READ_MODEL_SCHEMA). */
  readonly readModelSchema: string;
  /** MongoDB database of `customer_portfolios`. */
  readonly mongo: Db;
}

/** The account read models of the query API (its READ-MODEL CONTRACT), each at its shape version. */
export function accountProjections({ readModelSchema: schema, mongo }: AccountProjectionsOptions): ProjectionDefinition[] {
  return [
    {
      name: 'account-summary',
      version: 1,
      categories: ['account'],
      store: new PostgresReadModelStore({ schema, guard: 'account-summary', projection: accountSummaryProjection({ schema }) }),
    },
    {
      name: 'account-transactions',
      version: 1,
      categories: ['account'],
      store: new PostgresReadModelStore({ schema, guard: 'account-transactions', projection: accountTransactionsProjection({ schema }) }),
    },
    {
      name: 'customer-portfolio',
      version: 1,
      categories: ['account'],
      store: new MongoCustomerPortfolioStore({ db: mongo }),
    },
  ] satisfies (ProjectionDefinition & { name: AccountProjectionName })[];
}
