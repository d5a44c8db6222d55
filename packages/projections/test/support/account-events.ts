import {
  accountStreamId,
  moneyOf,
  parseAccountId,
  parseCurrency,
  parseOwnerId,
  positiveMoneyOf,
  type AccountEvent,
  type Currency,
  type Result,
} from '@ledger/domain';
import { randomUUID } from 'node:crypto';

function must<T>(result: Result<T, { readonly message: string }>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.error.message}`);
  return result.value;
}

/** One account's events, built with the domain's own constructors (amounts in minor units). */
export class AccountFixture {
  readonly accountId = must(parseAccountId(randomUUID()));
  readonly streamId = accountStreamId(this.accountId);
  readonly currency: Currency;

  constructor(
    readonly ownerId = must(parseOwnerId(randomUUID())),
    currency = 'EUR',
  ) {
    this.currency = must(parseCurrency(currency));
  }

  opened(): AccountEvent {
    return { type: 'AccountOpened', accountId: this.accountId, ownerId: this.ownerId, currency: this.currency };
  }

  deposited(amountMinor: bigint, balanceAfterMinor: bigint, reference?: string): AccountEvent {
    return {
      type: 'MoneyDeposited',
      accountId: this.accountId,
      amount: must(positiveMoneyOf(amountMinor, this.currency)),
      balanceAfter: must(moneyOf(balanceAfterMinor, this.currency)),
      ...(reference === undefined ? {} : { reference }),
    };
  }

  withdrawn(amountMinor: bigint, balanceAfterMinor: bigint, reference?: string): AccountEvent {
    return {
      type: 'MoneyWithdrawn',
      accountId: this.accountId,
      amount: must(positiveMoneyOf(amountMinor, this.currency)),
      balanceAfter: must(moneyOf(balanceAfterMinor, this.currency)),
      ...(reference === undefined ? {} : { reference }),
    };
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
}
