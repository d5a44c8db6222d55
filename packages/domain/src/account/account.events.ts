import { type Currency } from '../money/currency';
import { type Money, type PositiveMoney } from '../money/money';
import { type TransferId } from '../transfer/transfer.ids';
import { type AccountId, type OwnerId } from './account.ids';

// Events are the business facts only. The envelope (eventId, occurredAt, actor, correlation)
// is added by the event store from command metadata. Wire names and schema versions live in
// account.event-registry.ts, so these TypeScript names may change without touching history.

export interface AccountOpened {
  readonly type: 'AccountOpened';
  readonly accountId: AccountId;
  readonly ownerId: OwnerId;
  readonly currency: Currency;
}

/** `balanceAfter` lets read models show a running balance without folding the stream. */
export interface MoneyDeposited {
  readonly type: 'MoneyDeposited';
  readonly accountId: AccountId;
  readonly amount: PositiveMoney;
  readonly balanceAfter: Money;
  readonly reference?: string;
  /** The transfer this movement belongs to, if any: the transaction rows show it. */
  readonly transferId?: TransferId;
}

export interface MoneyWithdrawn {
  readonly type: 'MoneyWithdrawn';
  readonly accountId: AccountId;
  readonly amount: PositiveMoney;
  readonly balanceAfter: Money;
  readonly reference?: string;
  /** The transfer this movement belongs to, if any: the transaction rows show it. */
  readonly transferId?: TransferId;
}

export interface AccountFrozen {
  readonly type: 'AccountFrozen';
  readonly accountId: AccountId;
  readonly reason: string;
}

export interface AccountUnfrozen {
  readonly type: 'AccountUnfrozen';
  readonly accountId: AccountId;
}

export interface AccountClosed {
  readonly type: 'AccountClosed';
  readonly accountId: AccountId;
}

export type AccountEvent =
  | AccountOpened
  | MoneyDeposited
  | MoneyWithdrawn
  | AccountFrozen
  | AccountUnfrozen
  | AccountClosed;
