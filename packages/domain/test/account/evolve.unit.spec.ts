import { evolve, initialState, InvalidHistoryError, type AccountState } from '../../src/account/account.state';
import { type AccountEvent } from '../../src/account/account.events';
import { accountId, balance, closed, deposited, EUR, frozen, opened, ownerId, unfrozen, withdrawn } from '../fixtures';

const replay = (...events: AccountEvent[]): AccountState => events.reduce(evolve, initialState);

describe('evolve', () => {
  it('starts from an account that is not opened', () => {
    expect(initialState).toEqual({ status: 'not-opened' });
  });

  it('opens with a zero balance in the account currency', () => {
    expect(replay(opened(EUR))).toEqual({ status: 'open', accountId, ownerId, balance: balance('0') });
  });

  it('follows deposits, withdrawals, a freeze and an unfreeze', () => {
    expect(replay(opened(), deposited('10.00', '10.00'), frozen('audit'))).toEqual({
      status: 'frozen',
      accountId,
      ownerId,
      balance: balance('10'),
      reason: 'audit',
    });
    expect(replay(opened(), deposited('10.00', '10.00'), frozen(), unfrozen(), withdrawn('4.00', '6.00'))).toEqual({
      status: 'open',
      accountId,
      ownerId,
      balance: balance('6'),
    });
  });

  it('ends in a closed account that keeps its currency', () => {
    expect(replay(opened(), closed())).toEqual({ status: 'closed', accountId, ownerId, currency: EUR });
  });

  it.each<[string, AccountEvent[]]>([
    ['a deposit before the opening', [deposited('1.00', '1.00')]],
    ['a second opening', [opened(), opened()]],
    ['a withdrawal from a frozen account', [opened(), deposited('1.00', '1.00'), frozen(), withdrawn('1.00', '0.00')]],
    ['a balance that does not add up', [opened(), deposited('1.00', '2.00')]],
    ['a deposit after closing', [opened(), closed(), deposited('1.00', '1.00')]],
    ['a closing with money left', [opened(), deposited('1.00', '1.00'), closed()]],
    ['an unfreeze of an open account', [opened(), unfrozen()]],
  ])('refuses an impossible history: %s', (_name, events) => {
    expect(() => replay(...events)).toThrow(InvalidHistoryError);
  });
});
