import { minorDigits } from './currency';
import { type Money } from './money';

/**
 * The decimal string of an amount with exactly the currency's minor digits ("125.50" EUR,
 * "300" JPY, "1.005" BHD): the wire format of API.md, and `parseMoney`'s inverse.
 */
export function formatMoney(money: Money): string {
  const digits = minorDigits(money.currency);
  const text = money.amountMinor.toString();
  if (digits === 0) return text;
  const padded = text.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
