import { err, ok, type Result } from '../result';
import { type Currency } from './currency';

declare const moneyBrand: unique symbol;
declare const positiveBrand: unique symbol;

/**
 * An amount in integer minor units (cents, fils, yen) of one currency. Never negative and never
 * above `MAX_AMOUNT_MINOR`; built only by the smart constructors here, never from a float.
 */
export type Money = { readonly amountMinor: bigint; readonly currency: Currency } & { readonly [moneyBrand]: true };

/** Money strictly above zero: what deposits and withdrawals move. */
export type PositiveMoney = Money & { readonly [positiveBrand]: true };

/**
 * The largest amount or balance, in minor units: 10^18 − 1 fits a signed 64-bit column
 * (PostgreSQL `bigint`) with room to spare, and is far beyond any real account.
 */
export const MAX_AMOUNT_MINOR = 10n ** 18n - 1n;

/** Why an amount was refused. */
export interface MoneyError {
  readonly reason: 'NOT_A_DECIMAL' | 'TOO_MANY_DECIMALS' | 'NEGATIVE' | 'ZERO' | 'TOO_LARGE';
  readonly message: string;
}

/** Money from minor units: refuses negative amounts and amounts above `MAX_AMOUNT_MINOR`. */
export function moneyOf(amountMinor: bigint, currency: Currency): Result<Money, MoneyError> {
  if (amountMinor < 0n) return err({ reason: 'NEGATIVE', message: 'an amount cannot be negative' });
  if (amountMinor > MAX_AMOUNT_MINOR) return err({ reason: 'TOO_LARGE', message: 'the amount is too large' });
  return ok({ amountMinor, currency } as Money);
}

/** Positive money from minor units: as `moneyOf`, and also refuses zero. */
export function positiveMoneyOf(amountMinor: bigint, currency: Currency): Result<PositiveMoney, MoneyError> {
  if (amountMinor === 0n) return err({ reason: 'ZERO', message: 'the amount must be greater than zero' });
  return moneyOf(amountMinor, currency) as Result<PositiveMoney, MoneyError>;
}

/** Zero in the given currency: the balance of a new account. */
export function zeroMoney(currency: Currency): Money {
  return { amountMinor: 0n, currency } as Money;
}

/**
 * `a + b`. Throws when the currencies differ or the sum passes `MAX_AMOUNT_MINOR`: callers
 * (deciders) check those rules first and refuse with a domain error, so reaching the throw
 * is a programming error, not a business outcome.
 */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  const sum = a.amountMinor + b.amountMinor;
  if (sum > MAX_AMOUNT_MINOR) throw new RangeError(`${a.currency} sum exceeds the maximum amount`);
  return { amountMinor: sum, currency: a.currency } as Money;
}

/**
 * `a − b`. Throws when the currencies differ or the result would be negative; as with
 * `addMoney`, deciders refuse those cases before calling.
 */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  const difference = a.amountMinor - b.amountMinor;
  if (difference < 0n) throw new RangeError(`${a.currency} subtraction would go below zero`);
  return { amountMinor: difference, currency: a.currency } as Money;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new TypeError(`cannot combine ${a.currency} with ${b.currency}`);
}
