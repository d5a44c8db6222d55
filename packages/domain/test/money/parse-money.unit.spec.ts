import { MAX_AMOUNT_MINOR } from '../../src/money/money';
import { parseMoney } from '../../src/money/parse-money';
import { BHD, EUR, JPY } from '../fixtures';

describe('parseMoney', () => {
  it.each([
    ['125.50', EUR, 12550n],
    ['125.5', EUR, 12550n],
    ['125', EUR, 12500n],
    ['0.01', EUR, 1n],
    ['300', JPY, 300n],
    ['1.005', BHD, 1005n],
    ['0.1', BHD, 100n],
    ['9999999999999999.99', EUR, MAX_AMOUNT_MINOR],
  ])('reads %j %s as %d minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ ok: true, value: { amountMinor: minor, currency } });
  });

  it.each([
    ['1e3', EUR, 'NOT_A_DECIMAL'],
    ['1,00', EUR, 'NOT_A_DECIMAL'],
    [' 5', EUR, 'NOT_A_DECIMAL'],
    ['5 ', EUR, 'NOT_A_DECIMAL'],
    ['', EUR, 'NOT_A_DECIMAL'],
    ['NaN', EUR, 'NOT_A_DECIMAL'],
    ['Infinity', EUR, 'NOT_A_DECIMAL'],
    ['+5', EUR, 'NOT_A_DECIMAL'],
    ['0x10', EUR, 'NOT_A_DECIMAL'],
    ['.5', EUR, 'NOT_A_DECIMAL'],
    ['5.', EUR, 'NOT_A_DECIMAL'],
    ['007', EUR, 'NOT_A_DECIMAL'],
    ['1_000', EUR, 'NOT_A_DECIMAL'],
    ['١٢', EUR, 'NOT_A_DECIMAL'],
    ['12.345', EUR, 'TOO_MANY_DECIMALS'],
    ['12.340', EUR, 'TOO_MANY_DECIMALS'],
    ['300.5', JPY, 'TOO_MANY_DECIMALS'],
    ['300.0', JPY, 'TOO_MANY_DECIMALS'],
    ['1.0005', BHD, 'TOO_MANY_DECIMALS'],
    ['-1', EUR, 'NEGATIVE'],
    ['-0.01', EUR, 'NEGATIVE'],
    ['0', EUR, 'ZERO'],
    ['0.00', EUR, 'ZERO'],
    ['0', JPY, 'ZERO'],
    ['10000000000000000.00', EUR, 'TOO_LARGE'],
    ['1000000000000000000', JPY, 'TOO_LARGE'],
    ['1'.repeat(400), EUR, 'TOO_LARGE'],
  ])('refuses %j %s: %s', (text, currency, reason) => {
    expect(parseMoney(text, currency)).toEqual({ ok: false, error: expect.objectContaining({ reason }) as unknown });
  });

  it('accepts zero when asked to, for balances', () => {
    expect(parseMoney('0.00', EUR, { allowZero: true })).toEqual({ ok: true, value: { amountMinor: 0n, currency: EUR } });
    expect(parseMoney('-0.00', EUR, { allowZero: true })).toEqual({
      ok: false,
      error: expect.objectContaining({ reason: 'NEGATIVE' }) as unknown,
    });
  });

  it('explains the refusal in words', () => {
    const result = parseMoney('12.345', EUR);
    expect(result.ok ? '' : result.error.message).toBe('EUR amounts have at most 2 decimals');
    const yen = parseMoney('1.5', JPY);
    expect(yen.ok ? '' : yen.error.message).toBe('JPY amounts have no decimals');
  });
});
