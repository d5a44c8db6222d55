import { type AccountErrorCode } from '../account/account.errors';
import { type TransferTerms } from './transfer.events';
import { type TransferId } from './transfer.ids';

// `RequestTransfer` comes from a client; every other command is a step the process manager
// records after the accounts answered, so each names the account outcome it records.

export interface RequestTransfer extends TransferTerms {
  readonly type: 'RequestTransfer';
}

/** The source account accepted the debit. */
export interface RecordDebit {
  readonly type: 'RecordDebit';
  readonly transferId: TransferId;
}

/** The source account refused the debit: nothing moved. */
export interface FailTransfer {
  readonly type: 'FailTransfer';
  readonly transferId: TransferId;
  readonly failureCode: AccountErrorCode;
}

/** The destination account accepted the credit. */
export interface CompleteTransfer {
  readonly type: 'CompleteTransfer';
  readonly transferId: TransferId;
}

/** The destination account refused the credit: the debit must be given back. */
export interface RefuseCredit {
  readonly type: 'RefuseCredit';
  readonly transferId: TransferId;
  readonly failureCode: AccountErrorCode;
}

/** The source account took the refund. */
export interface RecordRefund {
  readonly type: 'RecordRefund';
  readonly transferId: TransferId;
}

export type TransferCommand = RequestTransfer | RecordDebit | FailTransfer | CompleteTransfer | RefuseCredit | RecordRefund;
