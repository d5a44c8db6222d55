import { parseAccountId, parseOwnerId } from '../src/account/account.ids';
import { type AccountCommand } from '../src/account/account.commands';
import { type AccountEvent } from '../src/account/account.events';
import { parseCurrency, type Currency } from '../src/money/currency';
import { type Money, type PositiveMoney } from '../src/money/money';
import { parseMoney } from '../src/money/parse-money';
import { must } from '../src/testing';

export { must };

export const accountId = must(parseAccountId('6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'));
export const ownerId = must(parseOwnerId('0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d'));
export const EUR = must(parseCurrency('EUR'));
export const USD = must(parseCurrency('USD'));
export const JPY = must(parseCurrency('JPY'));
export const BHD = must(parseCurrency('BHD'));

/** A positive amount, e.g. `amount('125.50')` (EUR unless told). */
export const amount = (text: string, currency: Currency = EUR): PositiveMoney => must(parseMoney(text, currency));
/** A balance, which may be zero. */
export const balance = (text: string, currency: Currency = EUR): Money =>
  must(parseMoney(text, currency, { allowZero: true }));

export const opened = (currency: Currency = EUR): AccountEvent => ({ type: 'AccountOpened', accountId, ownerId, currency });
export const deposited = (moved: string, after: string, reference?: string): AccountEvent => ({
  type: 'MoneyDeposited',
  accountId,
  amount: amount(moved),
  balanceAfter: balance(after),
  ...(reference === undefined ? {} : { reference }),
});
export const withdrawn = (moved: string, after: string, reference?: string): AccountEvent => ({
  type: 'MoneyWithdrawn',
  accountId,
  amount: amount(moved),
  balanceAfter: balance(after),
  ...(reference === undefined ? {} : { reference }),
});
export const frozen = (reason = 'suspected fraud'): AccountEvent => ({ type: 'AccountFrozen', accountId, reason });
export const unfrozen = (): AccountEvent => ({ type: 'AccountUnfrozen', accountId });
export const closed = (): AccountEvent => ({ type: 'AccountClosed', accountId });

export const openAccount = (currency: Currency = EUR): AccountCommand => ({ type: 'OpenAccount', accountId, ownerId, currency });
export const depositMoney = (money: PositiveMoney, reference?: string): AccountCommand => ({
  type: 'DepositMoney',
  accountId,
  amount: money,
  ...(reference === undefined ? {} : { reference }),
});
export const withdrawMoney = (money: PositiveMoney, reference?: string): AccountCommand => ({
  type: 'WithdrawMoney',
  accountId,
  amount: money,
  ...(reference === undefined ? {} : { reference }),
});
export const freezeAccount = (reason = 'suspected fraud'): AccountCommand => ({ type: 'FreezeAccount', accountId, reason });
export const unfreezeAccount = (): AccountCommand => ({ type: 'UnfreezeAccount', accountId });
export const closeAccount = (): AccountCommand => ({ type: 'CloseAccount', accountId });
