import { assertNever } from '../assert-never';
import { accept, reject, type Decider, type Decision } from '../decider';
import { addMoney, MAX_AMOUNT_MINOR, subtractMoney } from '../money/money';
import {
  type AccountCommand,
  type CloseAccount,
  type DepositMoney,
  type FreezeAccount,
  type OpenAccount,
  type UnfreezeAccount,
  type WithdrawMoney,
} from './account.commands';
import {
  accountAlreadyOpen,
  accountClosed,
  accountFrozen,
  accountNotFound,
  balanceLimitExceeded,
  balanceNotZero,
  currencyMismatch,
  insufficientFunds,
  type AccountError,
} from './account.errors';
import { type AccountEvent, type MoneyDeposited } from './account.events';
import { evolve, initialState, type AccountState } from './account.state';

export type AccountDecision = Decision<AccountEvent, AccountError>;

// Rules are checked lifecycle first (does the account exist, is it closed or frozen), then the
// currency, then the amount: the most fundamental refusal is the one reported.

/** Opens a new account with a zero balance. An id is never reused, even after closing. */
export function openAccount(command: OpenAccount, state: AccountState): AccountDecision {
  if (state.status !== 'not-opened') return reject(accountAlreadyOpen(command.accountId));
  const { accountId, ownerId, currency } = command;
  return accept({ type: 'AccountOpened', accountId, ownerId, currency });
}

/** Deposits into an open or frozen account (a freeze stops money leaving, not arriving). */
export function depositMoney(command: DepositMoney, state: AccountState): AccountDecision {
  if (state.status === 'not-opened') return reject(accountNotFound(command.accountId));
  if (state.status === 'closed') return reject(accountClosed(command.accountId));
  const { accountId, amount } = command;
  if (amount.currency !== state.balance.currency) {
    return reject(currencyMismatch(accountId, state.balance.currency, amount.currency));
  }
  if (state.balance.amountMinor + amount.amountMinor > MAX_AMOUNT_MINOR) {
    return reject(balanceLimitExceeded(accountId, state.balance, amount));
  }
  const balanceAfter = addMoney(state.balance, amount);
  return accept({ type: 'MoneyDeposited', accountId, amount, balanceAfter, ...annotationsOf(command) });
}

/** Withdraws from an open account; never below zero (no overdraft). */
export function withdrawMoney(command: WithdrawMoney, state: AccountState): AccountDecision {
  if (state.status === 'not-opened') return reject(accountNotFound(command.accountId));
  if (state.status === 'closed') return reject(accountClosed(command.accountId));
  if (state.status === 'frozen') return reject(accountFrozen(command.accountId));
  const { accountId, amount } = command;
  if (amount.currency !== state.balance.currency) {
    return reject(currencyMismatch(accountId, state.balance.currency, amount.currency));
  }
  if (amount.amountMinor > state.balance.amountMinor) return reject(insufficientFunds(accountId, state.balance, amount));
  const balanceAfter = subtractMoney(state.balance, amount);
  return accept({ type: 'MoneyWithdrawn', accountId, amount, balanceAfter, ...annotationsOf(command) });
}

// What a movement carries besides the money, present only when given (stored events stay minimal).
function annotationsOf({ reference, transferId }: DepositMoney | WithdrawMoney): Pick<MoneyDeposited, 'reference' | 'transferId'> {
  return { ...(reference === undefined ? {} : { reference }), ...(transferId === undefined ? {} : { transferId }) };
}

/**
 * Freezes an open account. Freezing a frozen account succeeds with no events: the command
 * states the wanted end state, which already holds, so a retry after a lost response must not
 * fail, and history must not record a second freeze that changed nothing. The first reason stands.
 */
export function freezeAccount(command: FreezeAccount, state: AccountState): AccountDecision {
  if (state.status === 'not-opened') return reject(accountNotFound(command.accountId));
  if (state.status === 'closed') return reject(accountClosed(command.accountId));
  if (state.status === 'frozen') return accept();
  return accept({ type: 'AccountFrozen', accountId: command.accountId, reason: command.reason });
}

/** Unfreezes a frozen account; unfreezing an open one is a no-op, for the reason freezing is. */
export function unfreezeAccount(command: UnfreezeAccount, state: AccountState): AccountDecision {
  if (state.status === 'not-opened') return reject(accountNotFound(command.accountId));
  if (state.status === 'closed') return reject(accountClosed(command.accountId));
  if (state.status === 'open') return accept();
  return accept({ type: 'AccountUnfrozen', accountId: command.accountId });
}

/**
 * Closes an open account at zero balance. A frozen account cannot be closed: a freeze is a hold
 * someone placed on purpose, and closing would end the account without lifting it.
 */
export function closeAccount(command: CloseAccount, state: AccountState): AccountDecision {
  if (state.status === 'not-opened') return reject(accountNotFound(command.accountId));
  if (state.status === 'closed') return reject(accountClosed(command.accountId));
  if (state.status === 'frozen') return reject(accountFrozen(command.accountId));
  if (state.balance.amountMinor !== 0n) return reject(balanceNotZero(command.accountId, state.balance));
  return accept({ type: 'AccountClosed', accountId: command.accountId });
}

/** Decides one command against the state folded from the account's stream. Pure. */
export function decide(command: AccountCommand, state: AccountState): AccountDecision {
  switch (command.type) {
    case 'OpenAccount':
      return openAccount(command, state);
    case 'DepositMoney':
      return depositMoney(command, state);
    case 'WithdrawMoney':
      return withdrawMoney(command, state);
    case 'FreezeAccount':
      return freezeAccount(command, state);
    case 'UnfreezeAccount':
      return unfreezeAccount(command, state);
    case 'CloseAccount':
      return closeAccount(command, state);
    default:
      return assertNever(command);
  }
}

/** The account aggregate, for a generic command handler: load → fold → decide → append. */
export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState, AccountError> = {
  initialState,
  evolve,
  decide,
};
