// Account histories as the command API stores them (the domain's own encoding, about 300 bytes
// of JSON per event), for the scenarios that seed a store or a read model without the API.
import { encodeAccountEvent, moneyOf, parseAccountId, parseCurrency, parseOwnerId, positiveMoneyOf, type AccountEvent, type Result } from '@ledger/domain';
import { type NewEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';

/** The value of a parse the bench's own fixtures cannot fail. */
export function must<T>(result: Result<T, { readonly message: string }>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A new account's id (`account-<id>` is its stream). */
export const newAccountId = (): string => must(parseAccountId(randomUUID()));

/** An opening in `currency`, then one deposit of each amount (minor units), balances running. */
export function accountHistory(accountId: string, currency: string, depositsMinor: readonly bigint[]): NewEvent[] {
  const id = must(parseAccountId(accountId));
  const money = must(parseCurrency(currency));
  const history: AccountEvent[] = [{ type: 'AccountOpened', accountId: id, ownerId: must(parseOwnerId(randomUUID())), currency: money }];
  let balance = 0n;
  depositsMinor.forEach((amount, index) => {
    balance += amount;
    history.push({ type: 'MoneyDeposited', accountId: id, amount: must(positiveMoneyOf(amount, money)), balanceAfter: must(moneyOf(balance, money)), reference: `invoice ${index + 1}` });
  });
  return history.map((event) => {
    const correlationId = randomUUID();
    const encoded = encodeAccountEvent(event) as Pick<NewEvent, 'type' | 'schemaVersion' | 'data'>;
    return {
      eventId: randomUUID(),
      ...encoded,
      metadata: { correlationId, causationId: correlationId, actor: 'bench', traceparent: `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`, occurredAt: new Date().toISOString() },
    };
  });
}
