import { assertNever } from '../assert-never';
import { accept, reject, type Decider, type Decision } from '../decider';
import { type RequestTransfer, type TransferCommand } from './transfer.commands';
import { sameAccount, stepOutOfOrder, transferAlreadyExists, transferNotFound, type TransferError } from './transfer.errors';
import { type TransferEvent } from './transfer.events';
import { evolveTransfer, initialTransferState, type TransferState } from './transfer.state';

export type TransferDecision = Decision<TransferEvent, TransferError>;

/**
 * Starts a transfer. What the transfer alone can know is checked here (two different accounts;
 * the amount is positive by its type); funds, freezes and currencies are the accounts' to decide.
 */
export function requestTransfer(command: RequestTransfer, state: TransferState): TransferDecision {
  if (state.status !== 'not-requested') return reject(transferAlreadyExists(command.transferId));
  if (command.fromAccountId === command.toAccountId) return reject(sameAccount(command.transferId));
  const { type: _type, ...terms } = command;
  return accept({ type: 'TransferRequested', ...terms });
}

// Each step moves the transfer from one status to the next. A step the transfer has already
// passed is accepted with no event: the process manager may record a step twice (a redelivered
// event, a restart between sending and recording), and the second time must change nothing.
const stepRules: {
  readonly [Step in Exclude<TransferCommand['type'], 'RequestTransfer'>]: {
    readonly from: TransferState['status'];
    readonly passed: readonly TransferState['status'][];
  };
} = {
  RecordDebit: { from: 'requested', passed: ['debited', 'credit-refused', 'completed', 'reversed'] },
  FailTransfer: { from: 'requested', passed: ['failed'] },
  CompleteTransfer: { from: 'debited', passed: ['completed'] },
  RefuseCredit: { from: 'debited', passed: ['credit-refused', 'reversed'] },
  RecordRefund: { from: 'credit-refused', passed: ['reversed'] },
};

function eventOf(command: Exclude<TransferCommand, RequestTransfer>): TransferEvent {
  const { transferId } = command;
  switch (command.type) {
    case 'RecordDebit':
      return { type: 'TransferDebited', transferId };
    case 'FailTransfer':
      return { type: 'TransferFailed', transferId, failureCode: command.failureCode };
    case 'CompleteTransfer':
      return { type: 'TransferCompleted', transferId };
    case 'RefuseCredit':
      return { type: 'TransferCreditRefused', transferId, failureCode: command.failureCode };
    case 'RecordRefund':
      return { type: 'TransferReversed', transferId };
    default:
      return assertNever(command);
  }
}

/** Records one step of the process manager's. */
export function recordStep(command: Exclude<TransferCommand, RequestTransfer>, state: TransferState): TransferDecision {
  if (state.status === 'not-requested') return reject(transferNotFound(command.transferId));
  const rule = stepRules[command.type];
  if (rule.passed.includes(state.status)) return accept();
  if (state.status !== rule.from) return reject(stepOutOfOrder(command.transferId, command.type, state.status));
  return accept(eventOf(command));
}

/** Decides one command against the state folded from the transfer's stream. Pure. */
export function decideTransfer(command: TransferCommand, state: TransferState): TransferDecision {
  return command.type === 'RequestTransfer' ? requestTransfer(command, state) : recordStep(command, state);
}

/** The transfer aggregate, for the generic command handler: load → fold → decide → append. */
export const transferDecider: Decider<TransferCommand, TransferEvent, TransferState, TransferError> = {
  initialState: initialTransferState,
  evolve: evolveTransfer,
  decide: decideTransfer,
};
