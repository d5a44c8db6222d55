import { type TransferId } from './transfer.ids';

// Refusals of the transfer itself. What only an account knows (funds, freezes, currency) is the
// account's refusal, recorded on the transfer as its failure code.

interface TransferRefusal<Code extends string> {
  readonly code: Code;
  readonly message: string;
  readonly transferId: TransferId;
}

export type TransferNotFound = TransferRefusal<'TRANSFER_NOT_FOUND'>;
export type TransferAlreadyExists = TransferRefusal<'TRANSFER_ALREADY_EXISTS'>;
export type SameAccount = TransferRefusal<'SAME_ACCOUNT'>;

/**
 * A step that cannot follow the transfer's state (a credit before any debit, a refund of a
 * completed transfer). The process manager never sends one; it means a bug, never a client error.
 */
export interface TransferStepOutOfOrder extends TransferRefusal<'TRANSFER_STEP_OUT_OF_ORDER'> {
  readonly step: string;
  readonly status: string;
}

export type TransferError = TransferNotFound | TransferAlreadyExists | SameAccount | TransferStepOutOfOrder;
export type TransferErrorCode = TransferError['code'];

const everyTransferErrorCode: Readonly<Record<TransferErrorCode, true>> = {
  TRANSFER_NOT_FOUND: true,
  TRANSFER_ALREADY_EXISTS: true,
  SAME_ACCOUNT: true,
  TRANSFER_STEP_OUT_OF_ORDER: true,
};

/** Every code a transfer command can be refused with, for the edges that must map each one. */
export const transferErrorCodes = Object.keys(everyTransferErrorCode) as readonly TransferErrorCode[];

export const transferNotFound = (transferId: TransferId): TransferNotFound => ({
  code: 'TRANSFER_NOT_FOUND',
  message: `transfer ${transferId} does not exist`,
  transferId,
});

export const transferAlreadyExists = (transferId: TransferId): TransferAlreadyExists => ({
  code: 'TRANSFER_ALREADY_EXISTS',
  message: `transfer ${transferId} was already requested`,
  transferId,
});

export const sameAccount = (transferId: TransferId): SameAccount => ({
  code: 'SAME_ACCOUNT',
  message: 'a transfer needs two different accounts',
  transferId,
});

export const stepOutOfOrder = (transferId: TransferId, step: string, status: string): TransferStepOutOfOrder => ({
  code: 'TRANSFER_STEP_OUT_OF_ORDER',
  message: `${step} cannot follow a ${status} transfer`,
  transferId,
  step,
  status,
});
