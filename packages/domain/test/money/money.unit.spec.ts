import { addMoney, MAX_AMOUNT_MINOR, moneyOf, positiveMoneyOf, subtractMoney, zeroMoney } from '../../src/money/money';
import { amount, balance, EUR, must, USD } from '../fixtures';

describe('Money arithmetic', () => {
  it('adds and subtracts exactly, in minor units', () => {
    expect(addMoney(balance('0.10'), amount('0.20'))).toEqual(balance('0.30'));
    expect(subtractMoney(balance('0.30'), amount('0.10'))).toEqual(balance('0.20'));
    expect(subtractMoney(balance('5'), amount('5'))).toEqual(zeroMoney(EUR));
  });

  it('refuses to combine two currencies', () => {
    expect(() => addMoney(balance('1'), amount('1', USD))).toThrow(TypeError);
    expect(() => subtractMoney(balance('1'), amount('1', USD))).toThrow(TypeError);
  });

  it('refuses to go below zero or past the maximum', () => {
    expect(() => subtractMoney(balance('1'), amount('1.01'))).toThrow(RangeError);
    const max = must(moneyOf(MAX_AMOUNT_MINOR, EUR));
    expect(() => addMoney(max, amount('0.01'))).toThrow(RangeError);
  });

  it('builds from minor units only within bounds', () => {
    expect(moneyOf(0n, EUR)).toEqual({ ok: true, value: zeroMoney(EUR) });
    expect(moneyOf(-1n, EUR)).toEqual({ ok: false, error: expect.objectContaining({ reason: 'NEGATIVE' }) as unknown });
    expect(moneyOf(MAX_AMOUNT_MINOR + 1n, EUR)).toEqual({
      ok: false,
      error: expect.objectContaining({ reason: 'TOO_LARGE' }) as unknown,
    });
    expect(positiveMoneyOf(0n, EUR)).toEqual({ ok: false, error: expect.objectContaining({ reason: 'ZERO' }) as unknown });
    expect(positiveMoneyOf(1n, EUR)).toEqual({ ok: true, value: { amountMinor: 1n, currency: EUR } });
  });
});
