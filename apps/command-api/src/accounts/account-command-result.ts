import type { AccountError } from '@ledger/domain';

/** Where the account stands after an accepted command: the body of every success (API.md). */
export interface AccountPosition {
  readonly accountId: string;
  readonly streamId: string;
  readonly revision: number;
  /** A string: positions are 64-bit and JSON numbers are not. */
  readonly position: string;
}

/**
 * What a command ended in, in the form recorded under its Idempotency-Key: a refusal by the
 * domain is an answer too, and a retry with the key must get the same one.
 */
export type AccountCommandResult =
  | ({ readonly kind: 'accepted' } & AccountPosition)
  | { readonly kind: 'refused'; readonly error: AccountError };

export interface AccountCommandReply {
  /** True when the result was recorded by an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
  readonly result: AccountCommandResult;
}
