import { MAX_AMOUNT_MINOR, positiveMoneyOf } from '../../src/money/money';
import { given } from '../given-when-then';
import {
  accountId,
  amount,
  BHD,
  closed,
  deposited,
  depositMoney,
  EUR,
  frozen,
  JPY,
  must,
  opened,
  USD,
  withdrawn,
} from '../fixtures';

describe('DepositMoney', () => {
  it('credits an open account and records the balance after', () => {
    given(opened()).when(depositMoney(amount('125.50'))).then(deposited('125.50', '125.50'));
  });

  it('adds to the existing balance', () => {
    given(opened(), deposited('100.00', '100.00'), withdrawn('30.25', '69.75'))
      .when(depositMoney(amount('0.25')))
      .then(deposited('0.25', '70.00'));
  });

  it('keeps the reference', () => {
    given(opened()).when(depositMoney(amount('5'), 'salary')).then(deposited('5.00', '5.00', 'salary'));
  });

  it('works in whole units for JPY and three decimals for BHD', () => {
    const yen = amount('300', JPY);
    given(opened(JPY)).when(depositMoney(yen)).then({ type: 'MoneyDeposited', accountId, amount: yen, balanceAfter: yen });
    const fils = amount('1.005', BHD);
    given(opened(BHD)).when(depositMoney(fils)).then({ type: 'MoneyDeposited', accountId, amount: fils, balanceAfter: fils });
  });

  it('is accepted by a frozen account: a freeze stops money leaving, not arriving', () => {
    given(opened(), frozen()).when(depositMoney(amount('10'))).then(deposited('10.00', '10.00'));
  });

  it('refuses an account that was never opened', () => {
    given().when(depositMoney(amount('10'))).thenError('ACCOUNT_NOT_FOUND', { accountId });
  });

  it('refuses a closed account', () => {
    given(opened(), closed()).when(depositMoney(amount('10'))).thenError('ACCOUNT_CLOSED', { accountId });
  });

  it('refuses another currency than the account holds', () => {
    given(opened(EUR))
      .when(depositMoney(amount('10', USD)))
      .thenError('CURRENCY_MISMATCH', { accountCurrency: EUR, requestedCurrency: USD });
  });

  it('refuses another currency on a frozen account too', () => {
    given(opened(EUR), frozen()).when(depositMoney(amount('10', USD))).thenError('CURRENCY_MISMATCH');
  });

  it('refuses a deposit that would take the balance past the maximum', () => {
    const max = must(positiveMoneyOf(MAX_AMOUNT_MINOR, EUR));
    given(opened(), { type: 'MoneyDeposited', accountId, amount: max, balanceAfter: max })
      .when(depositMoney(amount('0.01')))
      .thenError('BALANCE_LIMIT_EXCEEDED', { balance: '9999999999999999.99', requested: '0.01' });
  });

  it('accepts a deposit that reaches the maximum exactly', () => {
    const max = must(positiveMoneyOf(MAX_AMOUNT_MINOR, EUR));
    given(opened()).when(depositMoney(max)).then({ type: 'MoneyDeposited', accountId, amount: max, balanceAfter: max });
  });
});
