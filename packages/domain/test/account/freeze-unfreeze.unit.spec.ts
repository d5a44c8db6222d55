import { given } from '../given-when-then';
import { accountId, closed, deposited, freezeAccount, frozen, opened, unfreezeAccount, unfrozen } from '../fixtures';

describe('FreezeAccount', () => {
  it('freezes an open account with its reason', () => {
    given(opened(), deposited('5.00', '5.00')).when(freezeAccount('court order')).then(frozen('court order'));
  });

  it('freezes an account again after an unfreeze', () => {
    given(opened(), frozen(), unfrozen()).when(freezeAccount()).then(frozen());
  });

  it('is a no-op on an already frozen account: the wanted state holds, nothing is recorded', () => {
    given(opened(), frozen('first reason')).when(freezeAccount('second reason')).then();
  });

  it('refuses an account that was never opened', () => {
    given().when(freezeAccount()).thenError('ACCOUNT_NOT_FOUND', { accountId });
  });

  it('refuses a closed account', () => {
    given(opened(), closed()).when(freezeAccount()).thenError('ACCOUNT_CLOSED', { accountId });
  });
});

describe('UnfreezeAccount', () => {
  it('unfreezes a frozen account', () => {
    given(opened(), frozen()).when(unfreezeAccount()).then(unfrozen());
  });

  it('is a no-op on an open account', () => {
    given(opened()).when(unfreezeAccount()).then();
  });

  it('is a no-op on an account already unfrozen', () => {
    given(opened(), frozen(), unfrozen()).when(unfreezeAccount()).then();
  });

  it('refuses an account that was never opened', () => {
    given().when(unfreezeAccount()).thenError('ACCOUNT_NOT_FOUND', { accountId });
  });

  it('refuses a closed account', () => {
    given(opened(), closed()).when(unfreezeAccount()).thenError('ACCOUNT_CLOSED', { accountId });
  });
});
