import { type Db } from 'mongodb';
import { type Pool } from 'pg';
import { type ProjectionDefinition } from '../port/projection';
import { PostgresReadModelCopies } from '../postgres/postgres-read-model-copies';
import { ProjectionVersions } from '../postgres/projection-versions';
import { accountSummaryProjection } from './account-summary/account-summary.projection';
import { accountTransactionsProjection } from './account-transactions/account-transactions.projection';
import { MongoPortfolioCopies } from './customer-portfolio/mongo-portfolio-copies';

export const accountProjectionNames = ['account-summary', 'account-transactions', 'customer-portfolio'] as const;
export type AccountProjectionName = (typeof accountProjectionNames)[number];

export interface AccountProjectionsOptions {
  /** PostgreSQL: the read-model tables, and where rebuilds record which copy is live. */
  readonly pool: Pool;
  /** PostgreSQL schema of the read-model tables (READ_MODEL_SCHEMA). */
  readonly readModelSchema: string;
  /** MongoDB database of `customer_portfolios`. */
  readonly mongo: Db;
  /** Statements per MongoDB write command (MONGODB_WRITE_STATEMENTS_MAX); DEFAULT_WRITE_STATEMENTS_MAX explains the bound. */
  readonly mongoWriteStatementsMax?: number;
}

/** The account read models of the query API (its READ-MODEL CONTRACT), each at its version. */
export function accountProjections({ pool, readModelSchema: schema, mongo, mongoWriteStatementsMax }: AccountProjectionsOptions): ProjectionDefinition[] {
  const summary = new PostgresReadModelCopies({
    pool,
    schema,
    projection: 'account-summary',
    tables: ['account_summary'],
    projectionOn: (tableOf) => accountSummaryProjection({ schema, table: tableOf('account_summary') }),
  });
  const transactions = new PostgresReadModelCopies({
    pool,
    schema,
    projection: 'account-transactions',
    tables: ['account_transactions'],
    projectionOn: (tableOf) => accountTransactionsProjection({ schema, table: tableOf('account_transactions') }),
  });
  const portfolio = new MongoPortfolioCopies({
    db: mongo,
    pool,
    versions: new ProjectionVersions(schema),
    projection: 'customer-portfolio',
    writeStatementsMax: mongoWriteStatementsMax,
  });
  return [
    { name: 'account-summary', version: 1, categories: ['account'], store: summary.store(''), copies: summary },
    // 2: rows carry transfer_id. A movement applied by version 1 lost its transfer's id; the rebuild restores it.
    { name: 'account-transactions', version: 2, categories: ['account'], store: transactions.store(''), copies: transactions },
    { name: 'customer-portfolio', version: 1, categories: ['account'], store: portfolio.live(), copies: portfolio },
  ] satisfies (ProjectionDefinition & { name: AccountProjectionName })[];
}
