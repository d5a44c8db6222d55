import fc from 'fast-check';
import { minorDigits, supportedCurrencies } from '../../src/money/currency';
import { formatMinorUnits, formatMoney } from '../../src/money/format-money';
import { MAX_AMOUNT_MINOR } from '../../src/money/money';
import { parseMoney } from '../../src/money/parse-money';
import { balance, BHD, EUR, JPY, must } from '../fixtures';

describe('formatMoney', () => {
  it.each([
    ['125.50', EUR, '125.50'],
    ['125.5', EUR, '125.50'],
    ['0.01', EUR, '0.01'],
    ['0', EUR, '0.00'],
    ['300', JPY, '300'],
    ['0', JPY, '0'],
    ['1.005', BHD, '1.005'],
    ['0.001', BHD, '0.001'],
    ['9999999999999999.99', EUR, '9999999999999999.99'],
  ])('writes %j %s as %j', (text, currency, expected) => {
    expect(formatMoney(balance(text, currency))).toBe(expected);
  });

  // Valid amounts written the way formatMoney writes them: integer part without leading zeros,
  // exactly the currency's minor digits.
  const canonicalAmount = fc
    .tuple(fc.constantFrom(...supportedCurrencies()), fc.bigInt({ min: 1n, max: MAX_AMOUNT_MINOR }))
    .map(([currency, minor]) => {
      const digits = minorDigits(currency);
      const text = minor.toString().padStart(digits + 1, '0');
      const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
      return { currency, decimal, minor };
    });

  it('round-trips every valid amount: formatMoney(parseMoney(x)) = x', () => {
    fc.assert(
      fc.property(canonicalAmount, ({ currency, decimal, minor }) => {
        const money = must(parseMoney(decimal, currency));
        expect(money.amountMinor).toBe(minor);
        expect(formatMoney(money)).toBe(decimal);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatMinorUnits', () => {
  it('formats sums beyond one account’s limit, such as a customer’s total', () => {
    expect(formatMinorUnits(MAX_AMOUNT_MINOR + 1n, EUR)).toBe('10000000000000000.00');
    expect(formatMinorUnits(5n, BHD)).toBe('0.005');
    expect(formatMinorUnits(0n, JPY)).toBe('0');
  });

  it('refuses a negative amount', () => {
    expect(() => formatMinorUnits(-1n, EUR)).toThrow(RangeError);
  });
});
