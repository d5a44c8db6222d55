import { accountStreamId, moneyOf, parseAccountId, parseCurrency, parseOwnerId, positiveMoneyOf, type AccountEvent, type Result } from '@ledger/domain';
import { randomUUID } from 'node:crypto';

function must<T>(result: Result<T, { readonly message: string }>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.error.message}`);
  return result.value;
}

const EUR = must(parseCurrency('EUR'));

/** One account's events, built with the domain's own constructors (amounts in cents). */
export class AccountFixture {
  readonly accountId = must(parseAccountId(randomUUID()));
  readonly ownerId = must(parseOwnerId(randomUUID()));
  readonly streamId = accountStreamId(this.accountId);

  opened(): AccountEvent {
    return { type: 'AccountOpened', accountId: this.accountId, ownerId: this.ownerId, currency: EUR };
  }

  deposited(amountMinor: bigint, balanceAfterMinor: bigint): AccountEvent {
    return { type: 'MoneyDeposited', accountId: this.accountId, amount: must(positiveMoneyOf(amountMinor, EUR)), balanceAfter: must(moneyOf(balanceAfterMinor, EUR)) };
  }

  frozen(): AccountEvent {
    return { type: 'AccountFrozen', accountId: this.accountId, reason: 'test' };
  }
}
