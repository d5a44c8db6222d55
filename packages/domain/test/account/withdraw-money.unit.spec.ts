import { given } from '../given-when-then';
import {
  accountId,
  amount,
  closed,
  deposited,
  EUR,
  frozen,
  JPY,
  opened,
  unfrozen,
  withdrawMoney,
  withdrawn,
} from '../fixtures';

describe('WithdrawMoney', () => {
  it('debits an open account and records the balance after', () => {
    given(opened(), deposited('100.00', '100.00'))
      .when(withdrawMoney(amount('30.25'), 'rent'))
      .then(withdrawn('30.25', '69.75', 'rent'));
  });

  it('may take the balance to exactly zero', () => {
    given(opened(), deposited('10.00', '10.00')).when(withdrawMoney(amount('10'))).then(withdrawn('10.00', '0.00'));
  });

  it('refuses to overdraw, stating the balance and the amount asked', () => {
    given(opened(), deposited('10.00', '10.00'))
      .when(withdrawMoney(amount('10.01')))
      .thenError('INSUFFICIENT_FUNDS', { accountId, currency: EUR, balance: '10.00', requested: '10.01' });
  });

  it('refuses any withdrawal from an empty account', () => {
    given(opened()).when(withdrawMoney(amount('0.01'))).thenError('INSUFFICIENT_FUNDS', { balance: '0.00' });
  });

  it('refuses another currency than the account holds', () => {
    given(opened(EUR), deposited('10.00', '10.00'))
      .when(withdrawMoney(amount('1', JPY)))
      .thenError('CURRENCY_MISMATCH', { accountCurrency: EUR, requestedCurrency: JPY });
  });

  it('refuses a frozen account, even with funds', () => {
    given(opened(), deposited('10.00', '10.00'), frozen())
      .when(withdrawMoney(amount('1')))
      .thenError('ACCOUNT_FROZEN', { accountId });
  });

  it('is accepted again once the account is unfrozen', () => {
    given(opened(), deposited('10.00', '10.00'), frozen(), unfrozen())
      .when(withdrawMoney(amount('1')))
      .then(withdrawn('1.00', '9.00'));
  });

  it('refuses an account that was never opened', () => {
    given().when(withdrawMoney(amount('1'))).thenError('ACCOUNT_NOT_FOUND', { accountId });
  });

  it('refuses a closed account', () => {
    given(opened(), closed()).when(withdrawMoney(amount('1'))).thenError('ACCOUNT_CLOSED', { accountId });
  });
});
