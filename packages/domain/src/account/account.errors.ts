import { type Currency } from '../money/currency';
import { formatMoney } from '../money/format-money';
import { type Money } from '../money/money';
import { type AccountId } from './account.ids';

// A refusal is data with a stable code (API.md) and the facts that explain it. Amounts are
// decimal strings, not bigints, because the error travels as-is into a problem+json body and
// JSON.stringify cannot write a bigint. Which HTTP status a code gets is packages/platform's call.

interface Refusal<Code extends string> {
  readonly code: Code;
  readonly message: string;
  readonly accountId: AccountId;
}

export type AccountNotFound = Refusal<'ACCOUNT_NOT_FOUND'>;
export type AccountAlreadyOpen = Refusal<'ACCOUNT_ALREADY_OPEN'>;
export type AccountFrozenError = Refusal<'ACCOUNT_FROZEN'>;
export type AccountClosedError = Refusal<'ACCOUNT_CLOSED'>;

export interface InsufficientFunds extends Refusal<'INSUFFICIENT_FUNDS'> {
  readonly currency: Currency;
  readonly balance: string;
  readonly requested: string;
}

export interface CurrencyMismatch extends Refusal<'CURRENCY_MISMATCH'> {
  readonly accountCurrency: Currency;
  readonly requestedCurrency: Currency;
}

export interface BalanceNotZero extends Refusal<'BALANCE_NOT_ZERO'> {
  readonly currency: Currency;
  readonly balance: string;
}

/** A deposit that would take the balance past MAX_AMOUNT_MINOR (an extension of API.md). */
export interface BalanceLimitExceeded extends Refusal<'BALANCE_LIMIT_EXCEEDED'> {
  readonly currency: Currency;
  readonly balance: string;
  readonly requested: string;
}

export type AccountError =
  | AccountNotFound
  | AccountAlreadyOpen
  | InsufficientFunds
  | CurrencyMismatch
  | AccountFrozenError
  | AccountClosedError
  | BalanceNotZero
  | BalanceLimitExceeded;

export type AccountErrorCode = AccountError['code'];

// Keyed by the union, so a code added to AccountError without a line here fails to compile.
const everyAccountErrorCode: Readonly<Record<AccountErrorCode, true>> = {
  ACCOUNT_NOT_FOUND: true,
  ACCOUNT_ALREADY_OPEN: true,
  INSUFFICIENT_FUNDS: true,
  CURRENCY_MISMATCH: true,
  ACCOUNT_FROZEN: true,
  ACCOUNT_CLOSED: true,
  BALANCE_NOT_ZERO: true,
  BALANCE_LIMIT_EXCEEDED: true,
};

/** Every code an account command can be refused with, for the edges that must map each one. */
export const accountErrorCodes = Object.keys(everyAccountErrorCode) as readonly AccountErrorCode[];

export const accountNotFound = (accountId: AccountId): AccountNotFound => ({
  code: 'ACCOUNT_NOT_FOUND',
  message: `account ${accountId} does not exist`,
  accountId,
});

export const accountAlreadyOpen = (accountId: AccountId): AccountAlreadyOpen => ({
  code: 'ACCOUNT_ALREADY_OPEN',
  message: `account ${accountId} already exists`,
  accountId,
});

export const accountFrozen = (accountId: AccountId): AccountFrozenError => ({
  code: 'ACCOUNT_FROZEN',
  message: `account ${accountId} is frozen`,
  accountId,
});

export const accountClosed = (accountId: AccountId): AccountClosedError => ({
  code: 'ACCOUNT_CLOSED',
  message: `account ${accountId} is closed`,
  accountId,
});

export const insufficientFunds = (accountId: AccountId, balance: Money, requested: Money): InsufficientFunds => ({
  code: 'INSUFFICIENT_FUNDS',
  message: `balance ${formatMoney(balance)} ${balance.currency} is less than ${formatMoney(requested)}`,
  accountId,
  currency: balance.currency,
  balance: formatMoney(balance),
  requested: formatMoney(requested),
});

export const currencyMismatch = (accountId: AccountId, account: Currency, requested: Currency): CurrencyMismatch => ({
  code: 'CURRENCY_MISMATCH',
  message: `account ${accountId} holds ${account}, not ${requested}`,
  accountId,
  accountCurrency: account,
  requestedCurrency: requested,
});

export const balanceNotZero = (accountId: AccountId, balance: Money): BalanceNotZero => ({
  code: 'BALANCE_NOT_ZERO',
  message: `account ${accountId} still holds ${formatMoney(balance)} ${balance.currency}`,
  accountId,
  currency: balance.currency,
  balance: formatMoney(balance),
});

export const balanceLimitExceeded = (accountId: AccountId, balance: Money, requested: Money): BalanceLimitExceeded => ({
  code: 'BALANCE_LIMIT_EXCEEDED',
  message: `depositing ${formatMoney(requested)} would take the balance past the maximum`,
  accountId,
  currency: balance.currency,
  balance: formatMoney(balance),
  requested: formatMoney(requested),
});
