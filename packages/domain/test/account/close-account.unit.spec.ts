import { given } from '../given-when-then';
import {
  accountId,
  closeAccount,
  closed,
  deposited,
  EUR,
  frozen,
  opened,
  unfrozen,
  withdrawn,
} from '../fixtures';

describe('CloseAccount', () => {
  it('closes an open account that never held money', () => {
    given(opened()).when(closeAccount()).then(closed());
  });

  it('closes an account whose balance went back to zero', () => {
    given(opened(), deposited('10.00', '10.00'), withdrawn('10.00', '0.00')).when(closeAccount()).then(closed());
  });

  it('closes an account that was frozen and then unfrozen', () => {
    given(opened(), frozen(), unfrozen()).when(closeAccount()).then(closed());
  });

  it('refuses while money is left, stating the balance', () => {
    given(opened(), deposited('0.01', '0.01'))
      .when(closeAccount())
      .thenError('BALANCE_NOT_ZERO', { accountId, currency: EUR, balance: '0.01' });
  });

  it('refuses a frozen account: the hold must be lifted first', () => {
    given(opened(), frozen()).when(closeAccount()).thenError('ACCOUNT_FROZEN', { accountId });
  });

  it('refuses an account that was never opened', () => {
    given().when(closeAccount()).thenError('ACCOUNT_NOT_FOUND', { accountId });
  });

  it('refuses an account that is already closed', () => {
    given(opened(), closed()).when(closeAccount()).thenError('ACCOUNT_CLOSED', { accountId });
  });
});
