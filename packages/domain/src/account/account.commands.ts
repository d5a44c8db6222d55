import { type Currency } from '../money/currency';
import { type PositiveMoney } from '../money/money';
import { type TransferId } from '../transfer/transfer.ids';
import { type AccountId, type OwnerId } from './account.ids';

// Commands hold parsed value objects only. Who sent them, when, and under which correlation
// is metadata the edge attaches to the stored events; the decision never depends on it.

export interface OpenAccount {
  readonly type: 'OpenAccount';
  readonly accountId: AccountId;
  readonly ownerId: OwnerId;
  readonly currency: Currency;
}

export interface DepositMoney {
  readonly type: 'DepositMoney';
  readonly accountId: AccountId;
  readonly amount: PositiveMoney;
  readonly reference?: string;
  /** Set when the money moves for a transfer (its debit, credit or refund). */
  readonly transferId?: TransferId;
}

export interface WithdrawMoney {
  readonly type: 'WithdrawMoney';
  readonly accountId: AccountId;
  readonly amount: PositiveMoney;
  readonly reference?: string;
  /** Set when the money moves for a transfer (its debit, credit or refund). */
  readonly transferId?: TransferId;
}

export interface FreezeAccount {
  readonly type: 'FreezeAccount';
  readonly accountId: AccountId;
  readonly reason: string;
}

export interface UnfreezeAccount {
  readonly type: 'UnfreezeAccount';
  readonly accountId: AccountId;
}

export interface CloseAccount {
  readonly type: 'CloseAccount';
  readonly accountId: AccountId;
}

export type AccountCommand =
  | OpenAccount
  | DepositMoney
  | WithdrawMoney
  | FreezeAccount
  | UnfreezeAccount
  | CloseAccount;
