// Account histories as the command API stores them (the domain's own encoding, about 300 bytes
// of JSON per event), for the scenarios that seed a store or a read model without the API.
import { encodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { AccountFixture } from '@ledger/domain/testing';
import { type NewEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';

/** A new account's id (`account-<id>` is its stream). */
export const newAccountId = (): string => new AccountFixture().accountId;

/** An opening in `currency`, then one deposit of each amount (minor units), balances running. */
export function accountHistory(accountId: string, currency: string, depositsMinor: readonly bigint[]): NewEvent[] {
  const account = new AccountFixture(undefined, currency, accountId);
  const history: AccountEvent[] = [account.opened()];
  let balance = 0n;
  depositsMinor.forEach((amount, index) => {
    balance += amount;
    history.push(account.deposited(amount, balance, `invoice ${index + 1}`));
  });
  return history.map(storedForm);
}

/** One deposit to an open account, its balance after it as the decider would have computed it. */
export function depositTo(accountId: string, currency: string, amountMinor: bigint, balanceAfterMinor: bigint): NewEvent {
  return storedForm(new AccountFixture(undefined, currency, accountId).deposited(amountMinor, balanceAfterMinor, 'bench mix'));
}

function storedForm(event: AccountEvent): NewEvent {
  const correlationId = randomUUID();
  const encoded = encodeAccountEvent(event) as Pick<NewEvent, 'type' | 'schemaVersion' | 'data'>;
  return {
    eventId: randomUUID(),
    ...encoded,
    metadata: { correlationId, causationId: correlationId, actor: 'bench', traceparent: `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`, occurredAt: new Date().toISOString() },
  };
}
