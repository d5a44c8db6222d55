import { type AccountStatus } from '../account-changes';

/** One account inside its owner's portfolio; `revision` is the guard of its conditional writes. */
export interface PortfolioAccount {
  readonly accountId: string;
  readonly currency: string;
  /** Minor units as a decimal string: exact beyond 2^53, unlike a BSON double. */
  readonly balanceMinor: string;
  readonly status: AccountStatus;
  readonly revision: number;
}

/**
 * A `customer_portfolios` document: one per owner, keyed by owner id (the READ-MODEL CONTRACT
 * with the query API, which adds totals per currency from `accounts`).
 */
export interface PortfolioDocument {
  readonly _id: string;
  readonly ownerId: string;
  readonly accounts: Readonly<Record<string, PortfolioAccount>>;
  readonly updatedAt: Date;
}

/** Which owner an account belongs to: events after the opening do not say. */
export interface AccountOwnerDocument {
  /** The account id. */
  readonly _id: string;
  readonly ownerId: string;
}

/** The read model's collections under their own names; a copy's are `<name>__<copy>`. */
export const portfolioCollection = 'customer_portfolios';
export const ownersCollection = 'customer_portfolio_owners';

export const accountPath = (accountId: string): string => `accounts.${accountId}`;
export const revisionPath = (accountId: string): string => `accounts.${accountId}.revision`;
