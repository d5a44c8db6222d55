import type { AccountError, TransferError } from '@ledger/domain';

/** The body of `202 Accepted` for a new transfer (API.md "Transfers"). */
export interface TransferAccepted {
  readonly transferId: string;
  readonly streamId: string;
  readonly revision: number;
  /** A string: positions are 64-bit and JSON numbers are not. */
  readonly position: string;
  /** Always `pending` here: the accounts answer later, through the process manager. */
  readonly status: 'pending';
}

/**
 * What a transfer request ended in, as recorded under its Idempotency-Key: a refusal (by an
 * account at request time, or by the transfer) is an answer a retry must get again.
 */
export type TransferCommandResult =
  | ({ readonly kind: 'accepted' } & TransferAccepted)
  | { readonly kind: 'refused'; readonly error: AccountError | TransferError };

export interface TransferCommandReply {
  readonly replayed: boolean;
  readonly result: TransferCommandResult;
}
