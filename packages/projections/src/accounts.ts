export {
  accountProjectionNames,
  accountProjections,
  type AccountProjectionName,
  type AccountProjectionsOptions,
} from './accounts/account-projections';
export { accountSummaryProjection, type AccountSummaryOptions } from './accounts/account-summary/account-summary.projection';
export {
  accountTransactionsProjection,
  type AccountTransactionsOptions,
} from './accounts/account-transactions/account-transactions.projection';
export {
  MongoCustomerPortfolioStore,
  type MongoCustomerPortfolioStoreOptions,
} from './accounts/customer-portfolio/mongo-customer-portfolio-store';
export { MongoPortfolioCopies, type MongoPortfolioCopiesOptions } from './accounts/customer-portfolio/mongo-portfolio-copies';
export {
  ownersCollection,
  portfolioCollection,
  type PortfolioAccount,
  type PortfolioDocument,
} from './accounts/customer-portfolio/portfolio-document';
export { accountChangesOf, type AccountChange, type AccountStatus } from './accounts/account-changes';
export {
  ACCOUNT_SUMMARY_CACHE_PREFIX,
  accountRevisionsOf,
  accountSummaryCacheKey,
  TOMBSTONE_TTL_MS,
  type AccountRevision,
} from './query-cache/account-summary-cache';
export { AccountSummaryInvalidation, type AccountSummaryInvalidationOptions } from './query-cache/account-summary-invalidation';
