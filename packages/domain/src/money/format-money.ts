import { minorDigits, type Currency } from './currency';
import { type Money } from './money';

/**
 * The decimal string of an amount with exactly the currency's minor digits ("125.50" EUR,
 * "300" JPY, "1.005" BHD): the wire format of API.md, and `parseMoney`'s inverse.
 */
export function formatMoney(money: Money): string {
  return formatMinorUnits(money.amountMinor, money.currency);
}

/**
 * The same for any non-negative count of minor units, including sums beyond what one account
 * may hold (a customer's total over many accounts), which are not `Money`.
 */
export function formatMinorUnits(amountMinor: bigint, currency: Currency): string {
  if (amountMinor < 0n) throw new RangeError(`cannot format a negative amount: ${amountMinor}`);
  const digits = minorDigits(currency);
  const text = amountMinor.toString();
  if (digits === 0) return text;
  const padded = text.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
