import { randomUUID } from 'node:crypto';
import { accountStreamId, parseAccountId, parseOwnerId, type AccountId, type OwnerId } from '../account/account.ids';
import { type AccountEvent } from '../account/account.events';
import { parseCurrency, type Currency } from '../money/currency';
import { moneyOf, positiveMoneyOf } from '../money/money';
import { must } from './must';

/**
 * One account's events, built with the domain's own constructors (amounts in minor units). Each
 * fixture is a fresh account (a new UUID) unless told its id, so every test owns its streams.
 */
export class AccountFixture {
  readonly accountId: AccountId;
  readonly ownerId: OwnerId;
  readonly currency: Currency;
  readonly streamId: string;

  constructor(ownerId: string = randomUUID(), currency = 'EUR', accountId: string = randomUUID()) {
    this.accountId = must(parseAccountId(accountId));
    this.ownerId = must(parseOwnerId(ownerId));
    this.currency = must(parseCurrency(currency));
    this.streamId = accountStreamId(this.accountId);
  }

  opened(): AccountEvent {
    return { type: 'AccountOpened', accountId: this.accountId, ownerId: this.ownerId, currency: this.currency };
  }

  deposited(amountMinor: bigint, balanceAfterMinor: bigint, reference?: string): AccountEvent {
    return { type: 'MoneyDeposited', ...this.movement(amountMinor, balanceAfterMinor, reference) };
  }

  withdrawn(amountMinor: bigint, balanceAfterMinor: bigint, reference?: string): AccountEvent {
    return { type: 'MoneyWithdrawn', ...this.movement(amountMinor, balanceAfterMinor, reference) };
  }

  frozen(reason = 'suspected fraud'): AccountEvent {
    return { type: 'AccountFrozen', accountId: this.accountId, reason };
  }

  unfrozen(): AccountEvent {
    return { type: 'AccountUnfrozen', accountId: this.accountId };
  }

  closed(): AccountEvent {
    return { type: 'AccountClosed', accountId: this.accountId };
  }

  private movement(amountMinor: bigint, balanceAfterMinor: bigint, reference: string | undefined) {
    return {
      accountId: this.accountId,
      amount: must(positiveMoneyOf(amountMinor, this.currency)),
      balanceAfter: must(moneyOf(balanceAfterMinor, this.currency)),
      ...(reference === undefined ? {} : { reference }),
    };
  }
}
