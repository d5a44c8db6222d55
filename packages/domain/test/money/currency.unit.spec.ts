import { minorDigits, parseCurrency, supportedCurrencies } from '../../src/money/currency';
import { must } from '../fixtures';

describe('Currency', () => {
  it.each([
    ['EUR', 2], ['USD', 2], ['GBP', 2], ['CHF', 2], ['SEK', 2], ['CNY', 2], ['INR', 2], ['BRL', 2],
    ['JPY', 0], ['KRW', 0], ['ISK', 0], ['CLP', 0], ['VND', 0],
    ['BHD', 3], ['KWD', 3], ['JOD', 3], ['OMR', 3], ['TND', 3], ['IQD', 3], ['LYD', 3],
    ['CLF', 4],
  ])('%s has %i minor digits', (code, digits) => {
    expect(minorDigits(must(parseCurrency(code)))).toBe(digits);
  });

  it.each(['eur', 'EU', 'EURO', '', ' EUR', '123'])('refuses %j as not a currency code', (code) => {
    expect(parseCurrency(code)).toEqual({ ok: false, error: expect.objectContaining({ reason: 'NOT_A_CURRENCY_CODE' }) as unknown });
  });

  it.each(['XXX', 'ABC', 'XAU', 'HRK'])('refuses %s as an unsupported currency', (code) => {
    expect(parseCurrency(code)).toEqual({ ok: false, error: expect.objectContaining({ reason: 'UNKNOWN_CURRENCY' }) as unknown });
  });

  it('lists each supported code once', () => {
    const codes = supportedCurrencies();
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(150);
  });
});
