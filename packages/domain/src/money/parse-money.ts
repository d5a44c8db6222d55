import { minorDigits, type Currency } from './currency';
import { moneyOf, positiveMoneyOf, type Money, type MoneyError, type PositiveMoney } from './money';
import { err, type Result } from '../result';

// Plain decimal notation only: no sign, exponent, grouping, spaces or leading zeros, so each
// amount has one spelling and nothing is ever routed through a float.
const decimal = /^(0|[1-9]\d*)(?:\.(\d+))?$/;
const negativeDecimal = /^-(0|[1-9]\d*)(?:\.\d+)?$/;
// More integer digits than MAX_AMOUNT_MINOR has is refused before any arithmetic.
const maxIntegerDigits = 18;

/** Options for `parseMoney`. */
export interface ParseMoneyOptions {
  /** Accept "0" (e.g. a balance); amounts in commands must be greater than zero. */
  readonly allowZero: true;
}

/**
 * Parses a decimal string such as "125.50" (EUR), "300" (JPY) or "1.005" (BHD) into exact minor
 * units. Refuses, with a reason: anything that is not plain decimal notation ("1e3", "1,00",
 * " 5", "NaN"), more decimals than the currency has, negatives, zero (unless allowed) and
 * amounts above `MAX_AMOUNT_MINOR`. Fewer decimals than the currency has are fine ("125.5").
 */
export function parseMoney(text: string, currency: Currency): Result<PositiveMoney, MoneyError>;
export function parseMoney(text: string, currency: Currency, options: ParseMoneyOptions): Result<Money, MoneyError>;
export function parseMoney(text: string, currency: Currency, options?: ParseMoneyOptions): Result<Money, MoneyError> {
  const match = decimal.exec(text);
  if (!match) {
    if (negativeDecimal.test(text)) return err({ reason: 'NEGATIVE', message: 'the amount cannot be negative' });
    return err({ reason: 'NOT_A_DECIMAL', message: `"${text}" is not a decimal amount such as "125.50"` });
  }
  const [, integerPart = '', fraction = ''] = match;
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    const allowed = digits === 0 ? 'no decimals' : `at most ${digits} decimals`;
    return err({ reason: 'TOO_MANY_DECIMALS', message: `${currency} amounts have ${allowed}` });
  }
  if (integerPart.length > maxIntegerDigits) return err({ reason: 'TOO_LARGE', message: 'the amount is too large' });
  const amountMinor = BigInt(integerPart + fraction.padEnd(digits, '0'));
  return options?.allowZero ? moneyOf(amountMinor, currency) : positiveMoneyOf(amountMinor, currency);
}
