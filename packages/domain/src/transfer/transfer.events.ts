import { type AccountErrorCode } from '../account/account.errors';
import { type AccountId, type OwnerId } from '../account/account.ids';
import { type PositiveMoney } from '../money/money';
import { type TransferId } from './transfer.ids';

// A transfer's own history: what was asked, and what each account answered. The money itself
// moves in the accounts' streams (MoneyWithdrawn / MoneyDeposited carrying the transfer id).

/** What a transfer is asked to do, as requested and recorded; no later step changes it. */
export interface TransferTerms {
  readonly transferId: TransferId;
  readonly fromAccountId: AccountId;
  /** The owners, captured at request time, so the transfer's readers can be checked without a join. */
  readonly fromOwnerId: OwnerId;
  readonly toAccountId: AccountId;
  readonly toOwnerId: OwnerId;
  readonly amount: PositiveMoney;
  readonly reference?: string;
}

export interface TransferRequested extends TransferTerms {
  readonly type: 'TransferRequested';
}

export interface TransferDebited {
  readonly type: 'TransferDebited';
  readonly transferId: TransferId;
}

export interface TransferFailed {
  readonly type: 'TransferFailed';
  readonly transferId: TransferId;
  readonly failureCode: AccountErrorCode;
}

export interface TransferCompleted {
  readonly type: 'TransferCompleted';
  readonly transferId: TransferId;
}

export interface TransferCreditRefused {
  readonly type: 'TransferCreditRefused';
  readonly transferId: TransferId;
  readonly failureCode: AccountErrorCode;
}

export interface TransferReversed {
  readonly type: 'TransferReversed';
  readonly transferId: TransferId;
}

export type TransferEvent =
  | TransferRequested
  | TransferDebited
  | TransferFailed
  | TransferCompleted
  | TransferCreditRefused
  | TransferReversed;
