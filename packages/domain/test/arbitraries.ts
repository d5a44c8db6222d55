import fc from 'fast-check';
import { parseAccountId, parseOwnerId } from '../src/account/account.ids';
import { type AccountCommand } from '../src/account/account.commands';
import { type AccountEvent } from '../src/account/account.events';
import { supportedCurrencies, type Currency } from '../src/money/currency';
import { MAX_AMOUNT_MINOR, moneyOf, positiveMoneyOf, type PositiveMoney } from '../src/money/money';
import {
  closeAccount,
  depositMoney,
  EUR,
  freezeAccount,
  JPY,
  must,
  openAccount,
  unfreezeAccount,
  withdrawMoney,
} from './fixtures';

// Mostly small EUR amounts so withdrawals often succeed; some JPY to hit CURRENCY_MISMATCH and
// an occasional maximum to hit BALANCE_LIMIT_EXCEEDED.
const commandAmount: fc.Arbitrary<PositiveMoney> = fc
  .tuple(
    fc.constantFrom<Currency>(EUR, EUR, EUR, EUR, JPY),
    fc.oneof({ arbitrary: fc.bigInt({ min: 1n, max: 5_000n }), weight: 20 }, { arbitrary: fc.constant(MAX_AMOUNT_MINOR), weight: 1 }),
  )
  .map(([currency, minor]) => must(positiveMoneyOf(minor, currency)));

const reference = fc.option(fc.string({ maxLength: 12 }), { nil: undefined });

/** Any account command on the fixture account, with every rule reachable. */
export const accountCommand: fc.Arbitrary<AccountCommand> = fc.oneof(
  { arbitrary: fc.constantFrom(openAccount(EUR), openAccount(JPY)), weight: 1 },
  { arbitrary: fc.tuple(commandAmount, reference).map(([money, ref]) => depositMoney(money, ref)), weight: 8 },
  { arbitrary: fc.tuple(commandAmount, reference).map(([money, ref]) => withdrawMoney(money, ref)), weight: 8 },
  { arbitrary: fc.constant(freezeAccount()), weight: 2 },
  { arbitrary: fc.constant(unfreezeAccount()), weight: 2 },
  { arbitrary: fc.constant(closeAccount()), weight: 1 },
);

/** Command sequences, half of them starting with an opening so the interesting rules run. */
export const accountCommands: fc.Arbitrary<AccountCommand[]> = fc
  .tuple(fc.boolean(), fc.array(accountCommand, { maxLength: 40 }))
  .map(([startOpen, rest]) => (startOpen ? [openAccount(EUR), ...rest] : rest));

const accountId = fc.uuid().map((text) => must(parseAccountId(text)));
const ownerId = fc.uuid().map((text) => must(parseOwnerId(text)));
const currency = fc.constantFrom(...supportedCurrencies());

const movement = fc
  .tuple(accountId, currency, fc.bigInt({ min: 1n, max: MAX_AMOUNT_MINOR }), fc.bigInt({ min: 0n, max: MAX_AMOUNT_MINOR }), reference)
  .map(([id, cur, moved, after, ref]) => ({
    accountId: id,
    amount: must(positiveMoneyOf(moved, cur)),
    balanceAfter: must(moneyOf(after, cur)),
    ...(ref === undefined ? {} : { reference: ref }),
  }));

/** Any single account event with arbitrary valid field values (not a consistent history). */
export const accountEvent: fc.Arbitrary<AccountEvent> = fc.oneof(
  fc.tuple(accountId, ownerId, currency).map(([id, owner, cur]): AccountEvent => ({
    type: 'AccountOpened',
    accountId: id,
    ownerId: owner,
    currency: cur,
  })),
  movement.map((fields): AccountEvent => ({ type: 'MoneyDeposited', ...fields })),
  movement.map((fields): AccountEvent => ({ type: 'MoneyWithdrawn', ...fields })),
  fc.tuple(accountId, fc.string()).map(([id, reason]): AccountEvent => ({ type: 'AccountFrozen', accountId: id, reason })),
  accountId.map((id): AccountEvent => ({ type: 'AccountUnfrozen', accountId: id })),
  accountId.map((id): AccountEvent => ({ type: 'AccountClosed', accountId: id })),
);
