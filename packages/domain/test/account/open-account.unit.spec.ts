import { given } from '../given-when-then';
import { accountId, closed, deposited, EUR, frozen, JPY, openAccount, opened } from '../fixtures';

describe('OpenAccount', () => {
  it('opens a new account in the requested currency', () => {
    given().when(openAccount(EUR)).then(opened(EUR));
  });

  it('opens a JPY account', () => {
    given().when(openAccount(JPY)).then(opened(JPY));
  });

  it('refuses an id that is already open', () => {
    given(opened()).when(openAccount()).thenError('ACCOUNT_ALREADY_OPEN', { accountId });
  });

  it('refuses an id that is open with money on it, whatever the currency asked', () => {
    given(opened(), deposited('10.00', '10.00')).when(openAccount(JPY)).thenError('ACCOUNT_ALREADY_OPEN');
  });

  it('refuses an id whose account is frozen', () => {
    given(opened(), frozen()).when(openAccount()).thenError('ACCOUNT_ALREADY_OPEN');
  });

  it('never reuses the id of a closed account', () => {
    given(opened(), closed()).when(openAccount()).thenError('ACCOUNT_ALREADY_OPEN');
  });
});
