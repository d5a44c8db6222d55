import { type AccountErrorCode } from '../account/account.errors';
import { assertNever } from '../assert-never';
import { type DepositMoney, type WithdrawMoney } from '../account/account.commands';
import { type TransferCommand } from './transfer.commands';
import { type TransferTerms } from './transfer.events';
import { type TransferState } from './transfer.state';

/** The three account commands a transfer sends, each at most once. */
export type TransferLeg = 'debit' | 'credit' | 'refund';

/**
 * What the process manager does next for a transfer: send one account command, then record the
 * account's answer on the transfer. `idempotencyKey` is the same for the same transfer and leg on
 * every attempt, in every process, so a leg sent twice moves money once.
 */
export interface NextLeg {
  readonly leg: TransferLeg;
  readonly idempotencyKey: string;
  readonly accountCommand: WithdrawMoney | DepositMoney;
  readonly onAccepted: TransferCommand;
  /** The step recording a refusal; undefined for the refund, which has no way back (see below). */
  readonly onRefused: ((code: AccountErrorCode) => TransferCommand) | undefined;
}

/** The idempotency key of a transfer's leg: `transfer:<id>:<leg>`. */
export function legIdempotencyKey(transferId: string, leg: TransferLeg): string {
  return `transfer:${transferId}:${leg}`;
}

/**
 * The next leg of a transfer from its current state, or undefined when it is final (or not yet
 * requested). Decided from the state, never from the event that woke the process manager, so an
 * old or repeated event only leads to the step the transfer is waiting for.
 *
 * A refused refund has no next step: the source account took the money and now refuses it back
 * (closed in between, or at its balance limit). The transfer stays `credit-refused` and an
 * operator must settle it; the process manager reports it instead of guessing.
 */
export function nextLeg(state: TransferState): NextLeg | undefined {
  switch (state.status) {
    case 'requested':
      return leg(state.terms, 'debit', { type: 'RecordDebit', transferId: state.terms.transferId }, (failureCode) => ({ type: 'FailTransfer', transferId: state.terms.transferId, failureCode }));
    case 'debited':
      return leg(state.terms, 'credit', { type: 'CompleteTransfer', transferId: state.terms.transferId }, (failureCode) => ({ type: 'RefuseCredit', transferId: state.terms.transferId, failureCode }));
    case 'credit-refused':
      return leg(state.terms, 'refund', { type: 'RecordRefund', transferId: state.terms.transferId }, undefined);
    case 'not-requested':
    case 'completed':
    case 'failed':
    case 'reversed':
      return undefined;
    default:
      return assertNever(state);
  }
}

function leg(
  terms: TransferTerms,
  which: TransferLeg,
  onAccepted: TransferCommand,
  onRefused: NextLeg['onRefused'],
): NextLeg {
  return { leg: which, idempotencyKey: legIdempotencyKey(terms.transferId, which), accountCommand: accountCommandOf(terms, which), onAccepted, onRefused };
}

function accountCommandOf(terms: TransferTerms, which: TransferLeg): WithdrawMoney | DepositMoney {
  const { transferId, amount, reference } = terms;
  const movement = { amount, transferId, ...(reference === undefined ? {} : { reference }) };
  if (which === 'debit') return { type: 'WithdrawMoney', accountId: terms.fromAccountId, ...movement };
  return { type: 'DepositMoney', accountId: which === 'credit' ? terms.toAccountId : terms.fromAccountId, ...movement };
}
