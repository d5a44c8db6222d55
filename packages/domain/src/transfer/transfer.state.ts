import { assertNever } from '../assert-never';
import { type AccountErrorCode } from '../account/account.errors';
import { InvalidHistoryError } from '../account/account.state';
import { type TransferEvent, type TransferTerms } from './transfer.events';

export interface NotRequested {
  readonly status: 'not-requested';
}

/** Asked for; the debit is not yet answered. */
export interface Requested {
  readonly status: 'requested';
  readonly terms: TransferTerms;
}

/** The source account gave the money; the credit is not yet answered. */
export interface Debited {
  readonly status: 'debited';
  readonly terms: TransferTerms;
}

/** The destination refused the credit; the refund is not yet answered. */
export interface CreditRefused {
  readonly status: 'credit-refused';
  readonly terms: TransferTerms;
  readonly failureCode: AccountErrorCode;
}

export interface Completed {
  readonly status: 'completed';
  readonly terms: TransferTerms;
}

/** The debit was refused: nothing moved. */
export interface Failed {
  readonly status: 'failed';
  readonly terms: TransferTerms;
  readonly failureCode: AccountErrorCode;
}

/** Debited, then credited back because the destination refused the credit. */
export interface Reversed {
  readonly status: 'reversed';
  readonly terms: TransferTerms;
  readonly failureCode: AccountErrorCode;
}

export type TransferState = NotRequested | Requested | Debited | CreditRefused | Completed | Failed | Reversed;

/** The three ends of a transfer; every other status is waiting for an account's answer. */
export type FinalTransferStatus = Extract<TransferState['status'], 'completed' | 'failed' | 'reversed'>;

export const initialTransferState: TransferState = { status: 'not-requested' };

export function isFinal(state: TransferState): state is Completed | Failed | Reversed {
  return state.status === 'completed' || state.status === 'failed' || state.status === 'reversed';
}

/** Applies one recorded fact; throws `InvalidHistoryError` on a step the decider never allows. */
export function evolveTransfer(state: TransferState, event: TransferEvent): TransferState {
  switch (event.type) {
    case 'TransferRequested': {
      expectStatus(state, 'not-requested', event);
      const { type: _type, ...terms } = event;
      return { status: 'requested', terms };
    }
    case 'TransferDebited':
      return { status: 'debited', terms: expectStatus(state, 'requested', event).terms };
    case 'TransferFailed':
      return { status: 'failed', terms: expectStatus(state, 'requested', event).terms, failureCode: event.failureCode };
    case 'TransferCompleted':
      return { status: 'completed', terms: expectStatus(state, 'debited', event).terms };
    case 'TransferCreditRefused':
      return { status: 'credit-refused', terms: expectStatus(state, 'debited', event).terms, failureCode: event.failureCode };
    case 'TransferReversed': {
      const refused = expectStatus(state, 'credit-refused', event);
      return { status: 'reversed', terms: refused.terms, failureCode: refused.failureCode };
    }
    default:
      return assertNever(event);
  }
}

function expectStatus<S extends TransferState['status']>(
  state: TransferState,
  status: S,
  event: TransferEvent,
): Extract<TransferState, { status: S }> {
  if (state.status !== status) throw new InvalidHistoryError(`${event.type} cannot follow a ${state.status} transfer`);
  return state as Extract<TransferState, { status: S }>;
}
